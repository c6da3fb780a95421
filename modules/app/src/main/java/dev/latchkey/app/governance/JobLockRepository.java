package dev.latchkey.app.governance;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface JobLockRepository extends GenericRepository<JobLock, String> {
    /**
     * One conditional UPDATE: the database serialises concurrent claims on the row, so exactly one
     * node whose lease has run out gets 1; every other gets 0 until {@code until}.
     */
    @Query("UPDATE scheduled_job_locks SET locked_until = :until, locked_by = :node"
            + " WHERE name = :name AND locked_until <= :now")
    long claim(String name, String node, Instant now, Instant until);
}
