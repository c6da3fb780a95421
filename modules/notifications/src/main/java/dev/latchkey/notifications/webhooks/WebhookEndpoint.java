package dev.latchkey.notifications.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A workspace's webhook endpoint as stored; the secrets only sealed ({@link SecretBox}).
 *
 * @param events comma-separated event names
 */
@MappedEntity("webhook_endpoints")
public record WebhookEndpoint(@Id UUID id, UUID workspaceId, String url, String events, @Nullable String description,
                              boolean enabled, String secretSealed, @Nullable String previousSecretSealed,
                              @Nullable Instant previousUntil, Instant createdAt, Instant updatedAt) {
    public List<String> eventList() {
        return List.of(events.split(","));
    }

    public boolean subscribes(String event) {
        return eventList().contains(event);
    }
}
