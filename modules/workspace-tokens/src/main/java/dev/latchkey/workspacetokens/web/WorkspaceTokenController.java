package dev.latchkey.workspacetokens.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.workspacetokens.application.WorkspaceTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
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

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A workspace's API tokens, managed by its owners (tokens:manage). */
@Controller("/api/workspaces/{ws}/tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "workspace API tokens")
class WorkspaceTokenController {
    private final WorkspaceTokens tokens;

    WorkspaceTokenController(WorkspaceTokens tokens) {
        this.tokens = tokens;
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

    @Serdeable
    record UpdateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions) {
    }

    @Serdeable
    record ExpiryBody(@Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt) {
    }

    @Serdeable
    record CopyBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 16) String expiration,
                    @Nullable Instant expiresAt) {
    }

    @Serdeable
    record IssuedView(@JsonUnwrapped WorkspaceTokenView view, String token) {
        /** The secret must never reach a log line through a default toString. */
        @Override
        public String toString() {
            return "IssuedView[" + view.id() + "]";
        }
    }

    @Get
    Page<WorkspaceTokenView> list(Caller caller, @PathVariable String ws, @Nullable @QueryValue String state,
                                  @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        Instant now = Instant.now();
        return tokens.list(caller, ws, state, PageRequest.of(limit, cursor), t -> WorkspaceTokenView.of(t, now));
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<IssuedView> create(Caller caller, @PathVariable String ws, @Valid @Body CreateBody body,
                                    @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        WorkspaceTokens.GrantRequest grant = body.grant() == null ? null
                : new WorkspaceTokens.GrantRequest(body.grant().allProjects(), body.grant().projects());
        return HttpResponse.created(issued(tokens.create(caller, ws, new WorkspaceTokens.CreateCommand(body.name(),
                body.note(), grant, body.ipRestrictions(), body.expiration(), body.expiresAt()), confirmPassword)));
    }

    @Get("/{id}")
    WorkspaceTokenView get(Caller caller, @PathVariable String ws, @PathVariable String id) {
        return WorkspaceTokenView.of(tokens.get(caller, ws, id), Instant.now());
    }

    @Patch("/{id}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    WorkspaceTokenView update(Caller caller, @PathVariable String ws, @PathVariable String id,
                              @Valid @Body UpdateBody body) {
        return WorkspaceTokenView.of(tokens.update(caller, ws, id, body.name(), body.note(), body.ipRestrictions()),
                Instant.now());
    }

    @Delete("/{id}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String ws, @PathVariable String id,
                @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        tokens.revoke(caller, ws, id, confirmPassword);
    }

    @Post("/{id}/regenerate")
    @Sensitive("mints a new secret")
    IssuedView regenerate(Caller caller, @PathVariable String ws, @PathVariable String id,
                          @Valid @Nullable @Body ExpiryBody body,
                          @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        ExpiryBody b = body == null ? new ExpiryBody(null, null) : body;
        return issued(tokens.regenerate(caller, ws, id, b.expiration(), b.expiresAt(), confirmPassword));
    }

    @Post("/{id}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same grant; its string is in this response only")
    HttpResponse<IssuedView> copy(Caller caller, @PathVariable String ws, @PathVariable String id,
                                  @Valid @Nullable @Body CopyBody body,
                                  @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        CopyBody b = body == null ? new CopyBody(null, null, null) : body;
        return HttpResponse.created(issued(tokens.copy(caller, ws, id, b.name(), b.expiration(), b.expiresAt(),
                confirmPassword)));
    }

    private static IssuedView issued(WorkspaceTokens.Issued issued) {
        return new IssuedView(WorkspaceTokenView.of(issued.token(), Instant.now()), issued.secret());
    }
}
