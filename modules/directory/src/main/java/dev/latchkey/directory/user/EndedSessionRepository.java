package dev.latchkey.directory.user;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.MYSQL)
interface EndedSessionRepository extends CrudRepository<EndedSession, UUID> {
    void deleteByExpiresAtLessThan(Instant instant);
}
