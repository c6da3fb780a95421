package dev.latchkey.servicetokens.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.application.ServiceTokens;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.tokens.core.lifecycle.Issued;
import dev.latchkey.tokens.core.lifecycle.TokenDraft;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
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
    private final TokenLifecycle<Caller, User, ServiceToken> lifecycle;
    private final Clock clock;

    ServiceTokenController(ServiceTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.lifecycle = tokens.lifecycle();
        this.clock = clock;
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> permissions, @Nullable Boolean allProjects,
                      @Nullable @Size(max = 1000) List<@NotNull String> projects,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt, @Nullable @Size(max = 64) String type) {
    }

    @Serdeable
    record IssuedView(@JsonUnwrapped ServiceTokenView view, String token) {
        /** The secret must never reach a log line through a default toString. */
        @Override
        public String toString() {
            return "IssuedView[" + view.id() + "]";
        }
    }

    @Get
    Page<ServiceTokenView> list(Caller caller, @PathVariable String userId, @Nullable @QueryValue String state,
                                @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        Instant now = clock.instant();
        return lifecycle.list(caller, userId, state, page.after(), page.fetchSize(),
                (user, rows) -> tokens.page(user, rows, page, s -> ServiceTokenView.of(s, now)));
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<IssuedView> create(Caller caller, @PathVariable String userId, @Valid @Body CreateBody body,
                                    @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenDraft draft = new TokenDraft(body.name(), body.note(), body.ipRestrictions(), body.expiration(),
                body.expiresAt());
        return HttpResponse.created(issued(caller, userId, lifecycle.create(caller, userId, draft,
                tokens.grant(caller, body.permissions(), body.allProjects(), body.projects(), body.type()), confirmPassword)));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    TokenBodies.Revoked revokeMany(Caller caller, @PathVariable String userId, @Valid @Body TokenBodies.RevokeMany body,
                                   @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        return TokenBodies.Revoked.of(lifecycle.revokeMany(caller, userId, body.ids(), confirmPassword));
    }

    @Get("/{patId}")
    ServiceTokenView get(Caller caller, @PathVariable String userId, @PathVariable String patId) {
        return view(caller, userId, lifecycle.get(caller, userId, patId));
    }

    @Patch("/{patId}")
    @SensitiveWhen("clearing or widening the token\'s IP restrictions")
    ServiceTokenView update(Caller caller, @PathVariable String userId, @PathVariable String patId,
                            @Valid @Body TokenBodies.Update body,
                            @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        return view(caller, userId, lifecycle.update(caller, userId, patId, body.name(), body.note(),
                body.ipRestrictions(), confirmPassword));
    }

    @Delete("/{patId}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String userId, @PathVariable String patId,
                @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        lifecycle.revoke(caller, userId, patId, confirmPassword);
    }

    @Post("/{patId}/regenerate")
    @Sensitive("mints a new secret")
    IssuedView regenerate(Caller caller, @PathVariable String userId, @PathVariable String patId,
                          @Valid @Nullable @Body TokenBodies.Expiry body,
                          @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenBodies.Expiry b = TokenBodies.Expiry.orNone(body);
        return issued(caller, userId, lifecycle.regenerate(caller, userId, patId, b.expiration(), b.expiresAt(),
                confirmPassword));
    }

    @Post("/{patId}/copy")
    @Sensitive("mints a token")
    @ApiResponse(responseCode = "201", description = "a new token with the same grant; its string is in this response only")
    HttpResponse<IssuedView> copy(Caller caller, @PathVariable String userId, @PathVariable String patId,
                                  @Valid @Nullable @Body TokenBodies.Copy body,
                                  @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenBodies.Copy b = TokenBodies.Copy.orNone(body);
        return HttpResponse.created(issued(caller, userId, lifecycle.copy(caller, userId, patId, b.name(),
                b.expiration(), b.expiresAt(), confirmPassword)));
    }

    private ServiceTokenView view(Caller caller, String userId, ServiceToken token) {
        return ServiceTokenView.of(tokens.show(caller, userId, token), clock.instant());
    }

    private IssuedView issued(Caller caller, String userId, Issued<ServiceToken> issued) {
        return new IssuedView(view(caller, userId, issued.token()), issued.secret());
    }
}
