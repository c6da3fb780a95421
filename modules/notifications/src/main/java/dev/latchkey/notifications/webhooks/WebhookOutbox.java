package dev.latchkey.notifications.webhooks;

import dev.latchkey.directory.audit.AuditEventRow;
import dev.latchkey.directory.audit.AuditListener;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Times;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns audit events into webhook deliveries: for each event an audit action raises
 * ({@link WebhookEvents}), one pending delivery per enabled endpoint of the event's workspace that
 * subscribes to it, written in the audit event's transaction. {@link WebhookDispatcher} sends them.
 */
@Singleton
public class WebhookOutbox implements AuditListener {
    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final JsonMapper json;
    private final Clock clock;

    WebhookOutbox(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, JsonMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /** The body every receiver gets (Standard Webhooks: type, timestamp, data). */
    @Serdeable
    public record Payload(String type, Instant timestamp, Data data) {
    }

    /** What happened, as the audit trail has it; never a token. */
    @Serdeable
    public record Data(UUID eventId, String action, UUID workspaceId, Actor actor, @Nullable Target target,
                       @Nullable String tokenKind, @Nullable String details) {
    }

    @Serdeable
    public record Actor(String type, @Nullable UUID id) {
        static Actor of(dev.latchkey.directory.access.Caller caller) {
            var actor = dev.latchkey.directory.audit.AuditEvent.Actor.of(caller);
            return new Actor(actor.type(), actor.id());
        }
    }

    @Serdeable
    public record Target(String type, @Nullable UUID id) {
    }

    @Override
    public void recorded(AuditEventRow event) {
        if (event.workspaceId() == null) {
            return;
        }
        List<String> raised = WebhookEvents.raisedBy(event.action());
        if (raised.isEmpty()) {
            return;
        }
        List<WebhookEndpoint> subscribed = endpoints.findByWorkspaceIdAndEnabled(event.workspaceId(), true);
        for (String type : raised) {
            Payload payload = new Payload(type, event.occurredAt(), new Data(event.id(), event.action(),
                    event.workspaceId(), new Actor(event.actorType(), event.actorId()),
                    event.targetType() == null ? null : new Target(event.targetType(), event.targetId()),
                    event.tokenKind(), event.details()));
            for (WebhookEndpoint endpoint : subscribed) {
                if (endpoint.subscribes(type)) {
                    enqueue(endpoint, payload);
                }
            }
        }
    }

    /** Queues one message to one endpoint, due now. */
    WebhookDelivery enqueue(WebhookEndpoint endpoint, Payload payload) {
        Instant now = Times.now(clock);
        UUID id = Ids.newId();
        return deliveries.save(new WebhookDelivery(id, endpoint.workspaceId(), endpoint.id(), "msg_" + id,
                payload.type(), write(payload), WebhookDelivery.PENDING, 0, now, null, null, null, now, now));
    }

    private String write(Payload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
