package dev.latchkey.pat.web;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.pat.application.PersonalTokens;
import dev.latchkey.pat.model.PersonalToken;
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
import java.util.UUID;

/** A user's own personal access tokens; a login session only, never a token. The lifecycle is the shared one. */
@Controller("/api/user/personal-access-tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "personal access tokens")
class PersonalTokenController {
    private final PersonalTokens tokens;
    private final TokenRoutes<UUID, PersonalToken, PersonalTokenView> routes;

    PersonalTokenController(PersonalTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.routes = new TokenRoutes<>(tokens.lifecycle(), clock, (caller, ref, t, now) -> PersonalTokenView.of(t, now));
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> scopes, @Nullable @Size(max = 64) String workspace,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt) {
    }

    @Get
    Page<PersonalTokenView> list(Caller caller, @Nullable @QueryValue String state, @Nullable @QueryValue Integer limit,
                                 @Nullable @QueryValue String cursor) {
        return routes.list(caller, null, state, limit, cursor);
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<PersonalTokenView>> create(Caller caller, @Valid @Body CreateBody body) {
        return routes.create(caller, null, TokenRoutes.draft(body.name(), body.note(), body.ipRestrictions(),
                body.expiration(), body.expiresAt()), tokens.grant(caller, body.scopes(), body.workspace()));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    TokenBodies.Revoked revokeMany(Caller caller, @Valid @Body TokenBodies.RevokeMany body) {
        return routes.revokeMany(caller, null, body);
    }

    @Get("/{id}")
    PersonalTokenView get(Caller caller, @PathVariable String id) {
        return routes.get(caller, null, id);
    }

    @Patch("/{id}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    PersonalTokenView update(Caller caller, @PathVariable String id, @Valid @Body TokenBodies.Update body) {
        return routes.update(caller, null, id, body);
    }

    @Delete("/{id}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String id) {
        routes.revoke(caller, null, id);
    }

    @Post("/{id}/regenerate")
    @Sensitive("mints a new secret")
    TokenRoutes.IssuedView<PersonalTokenView> regenerate(Caller caller, @PathVariable String id,
                                                          @Valid @Nullable @Body TokenBodies.Expiry body) {
        return routes.regenerate(caller, null, id, body);
    }

    @Post("/{id}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same settings; its string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<PersonalTokenView>> copy(Caller caller, @PathVariable String id,
                                                                 @Valid @Nullable @Body TokenBodies.Copy body) {
        return routes.copy(caller, null, id, body);
    }
}
