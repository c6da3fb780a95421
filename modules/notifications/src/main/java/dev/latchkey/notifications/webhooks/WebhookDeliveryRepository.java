package dev.latchkey.notifications.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deliveries: listed per workspace and endpoint; claimed by a conditional update, so one node sends each attempt. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface WebhookDeliveryRepository extends CrudRepository<WebhookDelivery, UUID> {
    /** Newest first (ids are version 7 UUIDs), at most {@code limit}. */
    @Query("SELECT * FROM webhook_deliveries WHERE workspace_id = :workspaceId AND endpoint_id = :endpointId"
            + " ORDER BY id DESC LIMIT :limit")
    List<WebhookDelivery> newestOfEndpoint(UUID workspaceId, UUID endpointId, int limit);

    Optional<WebhookDelivery> findByWorkspaceIdAndEndpointIdAndId(UUID workspaceId, UUID endpointId, UUID id);

    @Query("SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= :now"
            + " AND (locked_until IS NULL OR locked_until <= :now) ORDER BY next_attempt_at LIMIT :limit")
    List<UUID> due(Instant now, int limit);

    /** 1 if this node now holds the delivery until {@code until}; 0 if another node was first or it is not due. */
    @Query("UPDATE webhook_deliveries SET locked_until = :until WHERE id = :id AND state = 'pending'"
            + " AND next_attempt_at <= :now AND (locked_until IS NULL OR locked_until <= :now)")
    int claim(UUID id, Instant now, Instant until);

    @Query("UPDATE webhook_deliveries SET state = :state, attempts = :attempts, next_attempt_at = :nextAttemptAt,"
            + " locked_until = NULL, last_status = :lastStatus, last_error = :lastError, updated_at = :now WHERE id = :id")
    int recordAttempt(UUID id, String state, int attempts, Instant nextAttemptAt, @Nullable Integer lastStatus,
                      @Nullable String lastError, Instant now);

    /** A manual retry: due now, whatever became of it; attempts start again. */
    @Query("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = :now, locked_until = NULL,"
            + " updated_at = :now WHERE workspace_id = :workspaceId AND id = :id")
    int retryNow(UUID workspaceId, UUID id, Instant now);
}
