package dev.latchkey.app.governance;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.governance.PersonalTokenAccess;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Governance for workspace owners (issue #19): the credential inventory, bulk revoke, PAT approval. */
@NeedsCredentials
@Controller("/api/workspaces/{ws}")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "governance")
class GovernanceController {
    private final CredentialInventory inventory;
    private final PersonalTokenAccesses accesses;

    GovernanceController(CredentialInventory inventory, PersonalTokenAccesses accesses) {
        this.inventory = inventory;
        this.accesses = accesses;
    }

    @Serdeable
    record CredentialView(String kind, UUID id, String name, @Nullable UUID ownerId, @Nullable String owner,
                          @Nullable UUID limitedTo, String hint, Instant createdAt, @Nullable Instant expiresAt,
                          @Nullable Instant lastUsedAt, @Nullable String lastUsedIp, String state, @Nullable String note,
                          @Nullable List<String> otherWorkspaces) {
        static CredentialView of(CredentialInventory.Credential c) {
            CredentialRow r = c.row();
            return new CredentialView(r.kind(), r.id(), r.name(), r.ownerId(), r.ownerEmail(), r.limitedTo(), r.hint(),
                    r.createdAt(), r.expiresAt(), r.lastUsedAt(), r.lastUsedIp(), c.state(), c.note(), c.otherWorkspaces());
        }
    }

    @Serdeable
    record InventoryPage(List<CredentialView> items, int total, @Nullable Integer nextOffset) {
    }

    @Serdeable
    record RevokeBody(@Nullable @Size(max = 1000) List<@NotNull String> ids,
                      @Nullable @Size(max = 20) Map<@NotNull String, @NotNull String> filter) {
    }

    @Serdeable
    record RevokeResult(List<UUID> revoked, List<UUID> excluded, List<UUID> unchanged, List<String> notFound) {
    }

    @Serdeable
    record DecisionBody(@Nullable String note) {
    }

    @Serdeable
    record RequestView(UUID tokenId, UUID userId, String state, @Nullable String note, @Nullable UUID decidedBy,
                       Instant createdAt, Instant updatedAt) {
        static RequestView of(PersonalTokenAccess a) {
            return new RequestView(a.tokenId(), a.userId(), a.state(), a.note(), a.decidedBy(), a.createdAt(), a.updatedAt());
        }
    }

    @Serdeable
    record RequestList(List<RequestView> items) {
    }

    @Get("/credentials")
    @Operation(summary = "Every credential that can act in the workspace, filtered, sorted and paged")
    InventoryPage list(Caller caller, @PathVariable String ws, HttpRequest<?> request) {
        CredentialInventory.Listing listing = inventory.list(caller, ws, params(request));
        return new InventoryPage(listing.items().stream().map(CredentialView::of).toList(), listing.total(),
                listing.nextOffset());
    }

    @Get("/credentials/export")
    @Produces("text/csv")
    @Operation(summary = "The filtered inventory as CSV")
    HttpResponse<String> export(Caller caller, @PathVariable String ws, HttpRequest<?> request) {
        return HttpResponse.ok(inventory.csv(caller, ws, params(request)))
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"credentials.csv\"");
    }

    @Post("/credentials/revoke")
    @Sensitive("revokes credentials in bulk")
    @Operation(summary = "Revoke by ids or by filter; a member's PAT is cut off from this workspace only")
    RevokeResult revoke(Caller caller, @PathVariable String ws, @Valid @Body RevokeBody body) {
        CredentialInventory.Revocation r = inventory.revoke(caller, ws, body.ids(), body.filter());
        return new RevokeResult(r.revoked(), r.excluded(), r.unchanged(), r.notFound());
    }

    @Get("/token-requests")
    @Operation(summary = "Personal tokens waiting for (or decided by) an owner's approval")
    RequestList requests(Caller caller, @PathVariable String ws, @Nullable @QueryValue String state) {
        return new RequestList(accesses.requests(caller, ws, state).stream().map(RequestView::of).toList());
    }

    @Post("/token-requests/{id}/{decision:approve|deny}")
    @Operation(summary = "Approve or deny a personal token waiting for this workspace, with an optional note")
    @NotSensitive("approving lets the token act with no more than its owner's own rights in the workspace, which the owner "
            + "already holds; denying only keeps it out of the workspace")
    RequestView decide(Caller caller, @PathVariable String ws, @PathVariable String id,
                       @PathVariable @Parameter(schema = @Schema(allowableValues = {"approve", "deny"})) String decision,
                       @Nullable @Body DecisionBody body) {
        return RequestView.of(accesses.decide(caller, ws, id, decision.equals("approve"), body == null ? null : body.note()));
    }

    private static Map<String, String> params(HttpRequest<?> request) {
        Map<String, String> out = new LinkedHashMap<>();
        request.getParameters().asMap().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }
}
