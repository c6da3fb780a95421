package dev.latchkey.servicetokens.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.servicetokens.application.ServiceTokens;
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

    ServiceTokenController(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> permissions, @Nullable Boolean allProjects,
                      @Nullable @Size(max = 1000) List<@NotNull String> projects,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt) {
    }

    @Serdeable
    record UpdateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions) {
    }

    @Serdeable
    record ExpiryBody(@Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt) {
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
        Instant now = Instant.now();
        return tokens.list(caller, userId, state, PageRequest.of(limit, cursor), s -> ServiceTokenView.of(s, now));
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<IssuedView> create(Caller caller, @PathVariable String userId, @Valid @Body CreateBody body,
                                    @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        ServiceTokens.Issued issued = tokens.create(caller, userId, new ServiceTokens.CreateCommand(body.name(), body.note(),
                body.permissions(), body.allProjects(), body.projects(), body.ipRestrictions(), body.expiration(),
                body.expiresAt()), confirmPassword);
        return HttpResponse.created(issued(issued));
    }

    @Get("/{patId}")
    ServiceTokenView get(Caller caller, @PathVariable String userId, @PathVariable String patId) {
        return ServiceTokenView.of(tokens.get(caller, userId, patId), Instant.now());
    }

    @Patch("/{patId}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    ServiceTokenView update(Caller caller, @PathVariable String userId, @PathVariable String patId,
                            @Valid @Body UpdateBody body) {
        return ServiceTokenView.of(tokens.update(caller, userId, patId, body.name(), body.note(), body.ipRestrictions()),
                Instant.now());
    }

    @Delete("/{patId}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String userId, @PathVariable String patId,
                @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        tokens.revoke(caller, userId, patId, confirmPassword);
    }

    @Post("/{patId}/regenerate")
    @Sensitive("mints a new secret")
    IssuedView regenerate(Caller caller, @PathVariable String userId, @PathVariable String patId,
                          @Valid @Nullable @Body ExpiryBody body,
                          @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        ExpiryBody b = body == null ? new ExpiryBody(null, null) : body;
        return issued(tokens.regenerate(caller, userId, patId, b.expiration(), b.expiresAt(), confirmPassword));
    }

    private static IssuedView issued(ServiceTokens.Issued issued) {
        return new IssuedView(ServiceTokenView.of(issued.shown(), Instant.now()), issued.secret());
    }
}
