package dev.latchkey.workspacetokens.web;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.workspacetokens.application.WorkspaceTokens;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A workspace's API tokens, managed by its owners (tokens:manage); the lifecycle is the shared one. */
@Controller("/api/workspaces/{ws}/tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "workspace API tokens")
class WorkspaceTokenController {
    private final WorkspaceTokens tokens;
    private final TokenRoutes<Workspace, WorkspaceToken, WorkspaceTokenView> routes;

    WorkspaceTokenController(WorkspaceTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.routes = new TokenRoutes<>(tokens.lifecycle(), clock, (caller, ws, t, now) -> WorkspaceTokenView.of(t, now));
    }

    @Serdeable
    record GrantBody(@Nullable @Size(max = 16) String allProjects,
                     @Nullable @Size(max = WorkspaceTokens.MAX_GRANTED_PROJECTS + 1) Map<@NotNull String, @NotNull String> projects) {
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Valid GrantBody grant, @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions,
                      @Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt) {
    }

    @Get
    Page<WorkspaceTokenView> list(Caller caller, @PathVariable String ws, @Nullable @QueryValue String state,
                                  @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        return routes.list(caller, ws, state, limit, cursor);
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<WorkspaceTokenView>> create(Caller caller, @PathVariable String ws,
                                                                    @Valid @Body CreateBody body) {
        WorkspaceTokens.GrantRequest grant = body.grant() == null ? null
                : new WorkspaceTokens.GrantRequest(body.grant().allProjects(), body.grant().projects());
        return routes.create(caller, ws, TokenRoutes.draft(body.name(), body.note(), body.ipRestrictions(),
                body.expiration(), body.expiresAt()), tokens.grant(caller, grant));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    TokenBodies.Revoked revokeMany(Caller caller, @PathVariable String ws, @Valid @Body TokenBodies.RevokeMany body) {
        return routes.revokeMany(caller, ws, body);
    }

    @Get("/{id}")
    WorkspaceTokenView get(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return routes.get(caller, ws, id);
    }

    @Patch("/{id}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    WorkspaceTokenView update(Caller caller, @PathVariable String ws, @PathVariable String id,
                              @Valid @Body TokenBodies.Update body) {
        return routes.update(caller, ws, id, body);
    }

    @Delete("/{id}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String ws, @PathVariable String id) {
        routes.revoke(caller, ws, id);
    }

    @Post("/{id}/regenerate")
    @Sensitive("mints a new secret")
    TokenRoutes.IssuedView<WorkspaceTokenView> regenerate(Caller caller, @PathVariable String ws, @PathVariable String id,
                                                           @Valid @Nullable @Body TokenBodies.Expiry body) {
        return routes.regenerate(caller, ws, id, body);
    }

    @Post("/{id}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same grant; its string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<WorkspaceTokenView>> copy(Caller caller, @PathVariable String ws,
                                                                  @PathVariable String id,
                                                                  @Valid @Nullable @Body TokenBodies.Copy body) {
        return routes.copy(caller, ws, id, body);
    }
}
