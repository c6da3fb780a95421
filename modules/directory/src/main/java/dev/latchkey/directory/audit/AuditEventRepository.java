package dev.latchkey.directory.audit;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Append-only by construction: insert and bounded reads, no update and no delete. Every read is
 * bounded by its owner (a workspace, or a user). Newest first: ids are time-ordered, so
 * {@code id < :before} pages backwards through time. An empty {@code action} means any action.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
interface AuditEventRepository extends GenericRepository<AuditEventRow, UUID> {

    AuditEventRow save(AuditEventRow row);

    @Query("SELECT * FROM audit_events WHERE workspace_id = :workspaceId AND id < :before"
            + " AND (:action = '' OR action = :action) AND occurred_at >= :from AND occurred_at <= :to"
            + " ORDER BY id DESC LIMIT :limit")
    List<AuditEventRow> pageOfWorkspace(UUID workspaceId, UUID before, String action, Instant from, Instant to, int limit);

    /** A user's own log: events of the tokens they own and the things they did themselves. */
    @Query("SELECT * FROM audit_events WHERE (owner_user_id = :userId OR (actor_type = 'user' AND actor_id = :userId))"
            + " AND id < :before AND (:action = '' OR action = :action) AND occurred_at >= :from AND occurred_at <= :to"
            + " ORDER BY id DESC LIMIT :limit")
    List<AuditEventRow> pageOfUser(UUID userId, UUID before, String action, Instant from, Instant to, int limit);
}
