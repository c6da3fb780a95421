package dev.latchkey.notifications.webhooks;

import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A workspace's webhook endpoints: created, changed, deleted, tested and re-keyed by those who may
 * manage the workspace ({@code workspace:manage}, from the engine), every change audited. The
 * signing secret is returned once, by create and by rotation, and stored only sealed.
 */
@Singleton
public class Webhooks {
    public static final int MAX_ENDPOINTS = 20;
    public static final int MAX_DESCRIPTION = 200;
    /** After a rotation the old secret also signs for this long, so receivers can switch over. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    static final int DELIVERY_PAGE = 100;

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookOutbox outbox;
    private final SecretBox secrets;
    private final Workspaces workspaces;
    private final AuditTrail audit;
    private final WebhookSettings settings;
    private final Clock clock;

    Webhooks(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts,
             WebhookOutbox outbox, SecretBox secrets, Workspaces workspaces, AuditTrail audit, WebhookSettings settings,
             Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.outbox = outbox;
        this.secrets = secrets;
        this.workspaces = workspaces;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a client asks an endpoint to be; on update a null field keeps its value. */
    public record EndpointCommand(@Nullable String url, @Nullable List<String> events, @Nullable String description,
                                  @Nullable Boolean enabled) {
    }

    /** An endpoint with the secret just made (create, rotate): the only time it is shown. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }

    public List<WebhookEndpoint> list(Caller caller, String ws) {
        return endpoints.findByWorkspaceIdOrderById(manage(caller, ws).id());
    }

    public WebhookEndpoint get(Caller caller, String ws, String id) {
        return find(manage(caller, ws), id);
    }

    @Transactional
    public WithSecret create(Caller caller, String ws, EndpointCommand command) {
        Workspace workspace = manage(caller, ws);
        String url = WebhookUrls.validate("url", command.url(), settings.allowPrivate()).toString();
        String events = events(command.events(), true);
        String description = description(command.description());
        if (endpoints.countByWorkspaceId(workspace.id()) >= MAX_ENDPOINTS) {
            throw ProblemException.conflict("a workspace has at most " + MAX_ENDPOINTS + " webhook endpoints");
        }
        String secret = WebhookSignatures.newSecret();
        Instant now = Times.now(clock);
        WebhookEndpoint saved = endpoints.save(new WebhookEndpoint(Ids.newId(), workspace.id(), url, events, description,
                command.enabled() == null || command.enabled(), secrets.seal(secret), null, null, now, now));
        changed(caller, AuditAction.WEBHOOK_CREATED, saved);
        return new WithSecret(saved, secret);
    }

    @Transactional
    public WebhookEndpoint update(Caller caller, String ws, String id, EndpointCommand command) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint old = find(workspace, id);
        String url = command.url() == null ? old.url()
                : WebhookUrls.validate("url", command.url(), settings.allowPrivate()).toString();
        String events = command.events() == null ? old.events() : events(command.events(), true);
        String description = command.description() == null ? old.description() : description(command.description());
        boolean enabled = command.enabled() == null ? old.enabled() : command.enabled();
        WebhookEndpoint saved = endpoints.update(new WebhookEndpoint(old.id(), old.workspaceId(), url, events, description,
                enabled, old.secretSealed(), old.previousSecretSealed(), old.previousUntil(), old.createdAt(),
                Times.now(clock)));
        changed(caller, AuditAction.WEBHOOK_UPDATED, saved);
        return saved;
    }

    @Transactional
    public void delete(Caller caller, String ws, String id) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint old = find(workspace, id);
        endpoints.deleteByWorkspaceIdAndId(workspace.id(), old.id());
        changed(caller, AuditAction.WEBHOOK_DELETED, old);
    }

    /** A new secret, shown once; the old one keeps signing beside it for {@link #ROTATION_OVERLAP}. */
    @Transactional
    public WithSecret rotate(Caller caller, String ws, String id) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint old = find(workspace, id);
        String secret = WebhookSignatures.newSecret();
        Instant now = Times.now(clock);
        WebhookEndpoint saved = endpoints.update(new WebhookEndpoint(old.id(), old.workspaceId(), old.url(), old.events(),
                old.description(), old.enabled(), secrets.seal(secret), old.secretSealed(), now.plus(ROTATION_OVERLAP),
                old.createdAt(), now));
        changed(caller, AuditAction.WEBHOOK_SECRET_ROTATED, saved);
        return new WithSecret(saved, secret);
    }

    /** Queues a {@code webhook.test} message to this endpoint (a disabled endpoint gets nothing: the delivery fails at once). */
    @Transactional
    public WebhookDelivery sendTest(Caller caller, String ws, String id) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint endpoint = find(workspace, id);
        Instant now = Times.now(clock);
        WebhookDelivery delivery = outbox.enqueue(endpoint, new WebhookOutbox.Payload(WebhookEvents.TEST, now,
                new WebhookOutbox.Data(Ids.newId(), WebhookEvents.TEST, workspace.id(),
                        WebhookOutbox.Actor.of(caller), new WebhookOutbox.Target("webhook", endpoint.id()), null,
                        "a test event sent from Latchkey")));
        changed(caller, AuditAction.WEBHOOK_TESTED, endpoint);
        return delivery;
    }

    public List<WebhookDelivery> deliveries(Caller caller, String ws, String id) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint endpoint = find(workspace, id);
        return deliveries.newestOfEndpoint(workspace.id(), endpoint.id(), DELIVERY_PAGE);
    }

    public record DeliveryDetail(WebhookDelivery delivery, List<WebhookAttempt> attempts) {
    }

    public DeliveryDetail delivery(Caller caller, String ws, String id, String deliveryId) {
        Workspace workspace = manage(caller, ws);
        WebhookDelivery delivery = findDelivery(workspace, find(workspace, id), deliveryId);
        return new DeliveryDetail(delivery, attempts.findByWorkspaceIdAndDeliveryIdOrderById(workspace.id(), delivery.id()));
    }

    /** Due again now, whatever its state; its attempts start again. */
    @Transactional
    public WebhookDelivery retry(Caller caller, String ws, String id, String deliveryId) {
        Workspace workspace = manage(caller, ws);
        WebhookEndpoint endpoint = find(workspace, id);
        WebhookDelivery delivery = findDelivery(workspace, endpoint, deliveryId);
        deliveries.retryNow(workspace.id(), delivery.id(), Times.now(clock));
        audit.record(AuditEvent.by(caller, AuditAction.WEBHOOK_RETRIED).onWorkspace(workspace.id())
                .withDetails("webhook=" + endpoint.id() + "; delivery=" + delivery.id()));
        return deliveries.findById(delivery.id()).orElseThrow();
    }

    private Workspace manage(Caller caller, String ws) {
        return workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
    }

    private WebhookEndpoint find(Workspace workspace, String id) {
        return Ids.parse(id).flatMap(eid -> endpoints.findByWorkspaceIdAndId(workspace.id(), eid))
                .orElseThrow(() -> ProblemException.notFound("webhook endpoint not found"));
    }

    private WebhookDelivery findDelivery(Workspace workspace, WebhookEndpoint endpoint, String deliveryId) {
        return Ids.parse(deliveryId)
                .flatMap(did -> deliveries.findByWorkspaceIdAndEndpointIdAndId(workspace.id(), endpoint.id(), did))
                .orElseThrow(() -> ProblemException.notFound("webhook delivery not found"));
    }

    static String events(@Nullable List<String> events, boolean required) {
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("events", "events lists at least one of " + String.join(", ", WebhookEvents.names()));
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || !WebhookEvents.isKnown(event.trim())) {
                throw ProblemException.badRequest("events", "unknown event; events are among "
                        + String.join(", ", WebhookEvents.names()));
            }
            chosen.add(event.trim());
        }
        return String.join(",", chosen);
    }

    private static @Nullable String description(@Nullable String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw ProblemException.badRequest("description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
        if (AuditTrail.containsToken(description)) {
            throw ProblemException.badRequest("description", "description must not hold a token");
        }
        return description.trim();
    }

    private void changed(Caller caller, AuditAction action, WebhookEndpoint endpoint) {
        audit.record(AuditEvent.by(caller, action).onWorkspace(endpoint.workspaceId()).withDetails("webhook="
                + endpoint.id() + "; url=" + cut(endpoint.url()) + "; events=" + endpoint.events()
                + "; enabled=" + endpoint.enabled()));
    }

    private static String cut(String url) {
        String redacted = AuditTrail.redact(url);
        return redacted.length() > 300 ? redacted.substring(0, 300) : redacted;
    }
}
