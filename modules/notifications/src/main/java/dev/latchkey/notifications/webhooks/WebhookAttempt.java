package dev.latchkey.notifications.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One try of a delivery: the receiver's status code, or why there was none. */
@MappedEntity("webhook_attempts")
public record WebhookAttempt(@Id UUID id, UUID deliveryId, UUID workspaceId, Instant attemptedAt,
                             @Nullable Integer statusCode, @Nullable String error, long durationMs) {
}
