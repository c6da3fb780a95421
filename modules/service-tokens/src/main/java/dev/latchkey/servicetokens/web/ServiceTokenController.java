package dev.latchkey.servicetokens.web;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.directory.tokens.TokenRoutes;
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.application.ServiceTokens;
import dev.latchkey.servicetokens.model.ServiceToken;
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

/**
 * A service user's tokens, under the path the product's API clients already use. Admins only:
 * {@code service-users:manage} on the service user's workspace.
 */
@Controller("/api/users/service/{userId}/personal-access-tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "service tokens")
class ServiceTokenController {
    private final ServiceTokens tokens;
    private final TokenRoutes<User, ServiceToken, ServiceTokenView> routes;

    ServiceTokenController(ServiceTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.routes = new TokenRoutes<>(tokens.lifecycle(), clock,
                (caller, userId, t, now) -> ServiceTokenView.of(tokens.show(caller, userId, t), now),
                (caller, user, rows, page, now) -> tokens.page(user, rows, page, s -> ServiceTokenView.of(s, now)));
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> permissions, @Nullable Boolean allProjects,
                      @Nullable @Size(max = 1000) List<@NotNull String> projects,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt) {
    }

    @Get
    Page<ServiceTokenView> list(Caller caller, @PathVariable String userId, @Nullable @QueryValue String state,
                                @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        return routes.list(caller, userId, state, limit, cursor);
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<ServiceTokenView>> create(Caller caller, @PathVariable String userId,
                                                                  @Valid @Body CreateBody body) {
        return routes.create(caller, userId, TokenRoutes.draft(body.name(), body.note(), body.ipRestrictions(),
                body.expiration(), body.expiresAt()), tokens.grant(body.permissions(), body.allProjects(), body.projects()));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    TokenBodies.Revoked revokeMany(Caller caller, @PathVariable String userId, @Valid @Body TokenBodies.RevokeMany body) {
        return routes.revokeMany(caller, userId, body);
    }

    @Get("/{patId}")
    ServiceTokenView get(Caller caller, @PathVariable String userId, @PathVariable String patId) {
        return routes.get(caller, userId, patId);
    }

    @Patch("/{patId}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    ServiceTokenView update(Caller caller, @PathVariable String userId, @PathVariable String patId,
                            @Valid @Body TokenBodies.Update body) {
        return routes.update(caller, userId, patId, body);
    }

    @Delete("/{patId}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String userId, @PathVariable String patId) {
        routes.revoke(caller, userId, patId);
    }

    @Post("/{patId}/regenerate")
    @Sensitive("mints a new secret")
    TokenRoutes.IssuedView<ServiceTokenView> regenerate(Caller caller, @PathVariable String userId,
                                                         @PathVariable String patId,
                                                         @Valid @Nullable @Body TokenBodies.Expiry body) {
        return routes.regenerate(caller, userId, patId, body);
    }

    @Post("/{patId}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same grant; its string is in this response only")
    HttpResponse<TokenRoutes.IssuedView<ServiceTokenView>> copy(Caller caller, @PathVariable String userId,
                                                                @PathVariable String patId,
                                                                @Valid @Nullable @Body TokenBodies.Copy body) {
        return routes.copy(caller, userId, patId, body);
    }
}
