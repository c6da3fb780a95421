package dev.latchkey.notifications.webhooks;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A workspace's webhook endpoints, their deliveries and attempts: for those who manage the workspace. */
@NeedsCredentials
@Controller("/api/workspaces/{ws}/webhooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
class WebhookController {
    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Serdeable
    @Schema(example = "{\"url\":\"https://hooks.example.com/latchkey\",\"events\":[\"token.created\",\"token.revoked\"],"
            + "\"description\":\"SIEM\",\"enabled\":true}")
    record EndpointBody(@Nullable @Size(max = WebhookUrls.MAX_LENGTH) String url,
                        @Nullable @Size(max = 20) List<@NotNull @Size(max = 64) String> events,
                        @Nullable @Size(max = Webhooks.MAX_DESCRIPTION) String description,
                        @Nullable @Schema(type = "boolean") Object enabled) {
        Webhooks.EndpointCommand command() {
            // a JSON boolean or nothing: a lenient reader would turn "yes" into false
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw dev.latchkey.directory.common.ProblemException.badRequest("enabled", "enabled is true or false");
            }
            return new Webhooks.EndpointCommand(url, events, description, (Boolean) enabled);
        }
    }

    @Serdeable
    record EndpointView(UUID id, UUID workspaceId, String url, List<String> events, @Nullable String description,
                        boolean enabled, @Nullable Instant previousSecretValidUntil, Instant createdAt, Instant updatedAt) {
        static EndpointView of(WebhookEndpoint e) {
            return new EndpointView(e.id(), e.workspaceId(), e.url(), e.eventList(), e.description(), e.enabled(),
                    e.previousUntil(), e.createdAt(), e.updatedAt());
        }
    }

    /** The endpoint and its signing secret ({@code whsec_…}), shown this once. */
    @Serdeable
    record EndpointWithSecret(UUID id, UUID workspaceId, String url, List<String> events, @Nullable String description,
                              boolean enabled, @Nullable Instant previousSecretValidUntil, Instant createdAt,
                              Instant updatedAt, String secret) {
        static EndpointWithSecret of(Webhooks.WithSecret w) {
            WebhookEndpoint e = w.endpoint();
            return new EndpointWithSecret(e.id(), e.workspaceId(), e.url(), e.eventList(), e.description(), e.enabled(),
                    e.previousUntil(), e.createdAt(), e.updatedAt(), w.secret());
        }
    }

    @Serdeable
    record EndpointList(List<EndpointView> items, List<String> events) {
    }

    @Serdeable
    record DeliveryView(UUID id, UUID endpointId, String messageId, String eventType, String state, int attempts,
                        Instant nextAttemptAt, @Nullable Integer lastStatus, @Nullable String lastError,
                        Instant createdAt, Instant updatedAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id(), d.endpointId(), d.messageId(), d.eventType(), d.state(), d.attempts(),
                    d.nextAttemptAt(), d.lastStatus(), d.lastError(), d.createdAt(), d.updatedAt());
        }
    }

    @Serdeable
    record DeliveryList(List<DeliveryView> items) {
    }

    @Serdeable
    record AttemptView(Instant attemptedAt, @Nullable Integer statusCode, @Nullable String error, long durationMs) {
    }

    @Serdeable
    record DeliveryDetailView(UUID id, UUID endpointId, String messageId, String eventType, String state, int attempts,
                              Instant nextAttemptAt, @Nullable Integer lastStatus, @Nullable String lastError,
                              String payload, List<AttemptView> attemptLog) {
        static DeliveryDetailView of(Webhooks.DeliveryDetail detail) {
            WebhookDelivery d = detail.delivery();
            return new DeliveryDetailView(d.id(), d.endpointId(), d.messageId(), d.eventType(), d.state(), d.attempts(),
                    d.nextAttemptAt(), d.lastStatus(), d.lastError(), d.payload(), detail.attempts().stream()
                    .map(a -> new AttemptView(a.attemptedAt(), a.statusCode(), a.error(), a.durationMs())).toList());
        }
    }

    @Get
    @Operation(summary = "List the workspace's webhook endpoints (and the events one can choose)")
    EndpointList list(Caller caller, @PathVariable String ws) {
        return new EndpointList(webhooks.list(caller, ws).stream().map(EndpointView::of).toList(), WebhookEvents.names());
    }

    @Post
    @Sensitive("sends the workspace's token and member events to a new address")
    @Operation(summary = "Add a webhook endpoint (its signing secret is shown once)")
    @Status(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "created, with the secret")
    HttpResponse<EndpointWithSecret> create(Caller caller, @PathVariable String ws, @Valid @Body EndpointBody body) {
        return HttpResponse.created(EndpointWithSecret.of(webhooks.create(caller, ws, body.command())));
    }

    @Get("/{id}")
    @Operation(summary = "Show a webhook endpoint")
    EndpointView get(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return EndpointView.of(webhooks.get(caller, ws, id));
    }

    @Patch("/{id}")
    @Sensitive("can point the workspace's events at another address")
    @Operation(summary = "Change a webhook endpoint (absent fields stay)")
    EndpointView update(Caller caller, @PathVariable String ws, @PathVariable String id, @Valid @Body EndpointBody body) {
        return EndpointView.of(webhooks.update(caller, ws, id, body.command()));
    }

    @Delete("/{id}")
    @Sensitive("stops the events a receiver may rely on for alerting")
    @Operation(summary = "Delete a webhook endpoint and its deliveries")
    @Status(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String ws, @PathVariable String id) {
        webhooks.delete(caller, ws, id);
    }

    @Post("/{id}/rotate-secret")
    @Sensitive("returns a new signing secret")
    @Operation(summary = "Rotate the signing secret (the old one signs for 24 more hours)")
    EndpointWithSecret rotate(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return EndpointWithSecret.of(webhooks.rotate(caller, ws, id));
    }

    @Post("/{id}/test")
    @Sensitive("makes Latchkey send a request to the endpoint's address")
    @Operation(summary = "Queue a webhook.test event to this endpoint")
    @Status(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "queued")
    HttpResponse<DeliveryView> test(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return HttpResponse.accepted().body(DeliveryView.of(webhooks.sendTest(caller, ws, id)));
    }

    @Get("/{id}/deliveries")
    @Operation(summary = "The endpoint's latest deliveries, newest first (at most 100)")
    DeliveryList deliveries(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return new DeliveryList(webhooks.deliveries(caller, ws, id).stream().map(DeliveryView::of).toList());
    }

    @Get("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "A delivery with its payload and the status code of every attempt")
    DeliveryDetailView delivery(Caller caller, @PathVariable String ws, @PathVariable String id,
                                @PathVariable String deliveryId) {
        return DeliveryDetailView.of(webhooks.delivery(caller, ws, id, deliveryId));
    }

    @Post("/{id}/deliveries/{deliveryId}/retry")
    @Sensitive("makes Latchkey send a request to the endpoint's address again")
    @Operation(summary = "Send a delivery again now, whatever its state")
    @Status(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "queued")
    HttpResponse<DeliveryView> retry(Caller caller, @PathVariable String ws, @PathVariable String id,
                                     @PathVariable String deliveryId) {
        return HttpResponse.accepted().body(DeliveryView.of(webhooks.retry(caller, ws, id, deliveryId)));
    }
}
