package dev.latchkey.notifications.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One message to one endpoint, persisted before it is sent, so a receiver that is down (or a node
 * that stops) loses nothing: it is retried from this row.
 *
 * @param messageId the {@code webhook-id} header, the same for every attempt (receivers de-duplicate on it)
 * @param state     {@code pending}, {@code delivered} or {@code failed}
 */
@MappedEntity("webhook_deliveries")
public record WebhookDelivery(@Id UUID id, UUID workspaceId, UUID endpointId, String messageId, String eventType,
                              String payload, String state, int attempts, Instant nextAttemptAt,
                              @Nullable Instant lockedUntil, @Nullable Integer lastStatus, @Nullable String lastError,
                              Instant createdAt, Instant updatedAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
