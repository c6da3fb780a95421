package dev.latchkey.app.integrations;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NeedsCredentials;
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

/** A workspace's access rules for {@code /api/auth/forward}: members read them, managers change them. */
@Controller("/api/workspaces/{ws}/access-rules")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "access rules")
@NeedsCredentials
class AccessRuleController {
    private final AccessRules rules;

    AccessRuleController(AccessRules rules) {
        this.rules = rules;
    }

    @Serdeable
    @Schema(example = "{\"methods\":[\"POST\"],\"host\":null,\"path\":\"/api/{project}/releases/**\",\"permission\":\"releases:deploy\"}")
    record RuleBody(@Nullable @Size(max = 7) List<@NotNull String> methods, @Nullable @Size(max = 260) String host,
                    @Nullable @Size(max = PathPattern.MAX_LENGTH) String path, @Nullable @Size(max = 100) String permission) {
        AccessRules.RuleCommand command() {
            return new AccessRules.RuleCommand(methods, host, path, permission);
        }
    }

    /** {@code methods} is empty for any method, {@code host} null for any host. */
    @Serdeable
    record RuleView(UUID id, UUID workspaceId, List<String> methods, @Nullable String host, String path, String permission,
                    Instant createdAt, Instant updatedAt) {
        static RuleView of(AccessRule r) {
            return new RuleView(r.id(), r.workspaceId(), r.methods() == null ? List.of() : List.of(r.methods().split(",")),
                    r.host(), r.path(), r.permission(), r.createdAt(), r.updatedAt());
        }
    }

    @Serdeable
    record RuleList(List<RuleView> items) {
    }

    @Get
    @Operation(summary = "List the workspace's access rules")
    RuleList list(Caller caller, @PathVariable String ws) {
        return new RuleList(rules.list(caller, ws).stream().map(RuleView::of).toList());
    }

    @Post
    @Sensitive("decides what forwarded requests need; a new, more specific rule can ask for less")
    @Operation(summary = "Add an access rule")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created")
    HttpResponse<RuleView> create(Caller caller, @PathVariable String ws, @Valid @Body RuleBody body) {
        return HttpResponse.created(RuleView.of(rules.create(caller, ws, body.command())));
    }

    @Get("/{id}")
    @Operation(summary = "Show an access rule")
    RuleView get(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return RuleView.of(rules.get(caller, ws, id));
    }

    @Patch("/{id}")
    @Sensitive("can lower the permission a forwarded request needs")
    @Operation(summary = "Change an access rule",
            description = "Only the fields sent change; host \"\" clears the host (any host).")
    RuleView update(Caller caller, @PathVariable String ws, @PathVariable String id, @Valid @Body RuleBody body) {
        return RuleView.of(rules.update(caller, ws, id, body.command()));
    }

    @Delete("/{id}")
    @Sensitive("a broader rule with a weaker permission may then decide instead")
    @Operation(summary = "Delete an access rule")
    @Status(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String ws, @PathVariable String id) {
        rules.delete(caller, ws, id);
    }
}
