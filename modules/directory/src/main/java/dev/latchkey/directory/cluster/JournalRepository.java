package dev.latchkey.directory.cluster;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface JournalRepository extends GenericRepository<JournalEntry, Long> {

    JournalEntry save(JournalEntry entry);

    @Query("SELECT * FROM invalidation_journal WHERE id > :after ORDER BY id LIMIT :limit")
    List<JournalEntry> after(long after, int limit);

    List<JournalEntry> findByIdInList(Collection<Long> ids);

    @Query("SELECT COALESCE(MAX(id), 0) FROM invalidation_journal")
    long lastId();

    @Query("DELETE FROM invalidation_journal WHERE created_at < :before")
    void deleteOlderThan(Instant before);
}
