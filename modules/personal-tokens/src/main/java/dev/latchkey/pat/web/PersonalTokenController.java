package dev.latchkey.pat.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.pat.application.PersonalTokens;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.tokens.core.lifecycle.Issued;
import dev.latchkey.tokens.core.lifecycle.TokenDraft;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.pat.model.PersonalToken;
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
import java.util.UUID;

/** A user's own personal access tokens; a login session only, never a token. The lifecycle is the shared one. */
@Controller("/api/user/personal-access-tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "personal access tokens")
class PersonalTokenController {
    private final PersonalTokens tokens;
    private final TokenLifecycle<Caller, UUID, PersonalToken> lifecycle;
    private final Clock clock;

    PersonalTokenController(PersonalTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.lifecycle = tokens.lifecycle();
        this.clock = clock;
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> scopes, @Nullable @Size(max = 64) String workspace,
                      @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions, @Nullable @Size(max = 16) String expiration,
                      @Nullable Instant expiresAt, @Nullable @Size(max = 64) String type) {
    }

    @Serdeable
    record IssuedView(@JsonUnwrapped PersonalTokenView view, String token) {
        /** The secret must never reach a log line through a default toString. */
        @Override
        public String toString() {
            return "IssuedView[" + view.id() + "]";
        }
    }

    @Get
    Page<PersonalTokenView> list(Caller caller, @Nullable @QueryValue String state, @Nullable @QueryValue Integer limit,
                                 @Nullable @QueryValue String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        Instant now = clock.instant();
        return lifecycle.list(caller, null, state, page.after(), page.fetchSize(),
                (owner, rows) -> Page.of(rows, page, PersonalToken::id, t -> PersonalTokenView.of(t, now)));
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<IssuedView> create(Caller caller, @Valid @Body CreateBody body,
                                    @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenDraft draft = new TokenDraft(body.name(), body.note(), body.ipRestrictions(), body.expiration(),
                body.expiresAt());
        return HttpResponse.created(issued(lifecycle.create(caller, null, draft,
                tokens.grant(caller, body.scopes(), body.workspace(), body.type()), confirmPassword)));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    TokenBodies.Revoked revokeMany(Caller caller, @Valid @Body TokenBodies.RevokeMany body,
                                   @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        return TokenBodies.Revoked.of(lifecycle.revokeMany(caller, null, body.ids(), confirmPassword));
    }

    @Get("/{id}")
    PersonalTokenView get(Caller caller, @PathVariable String id) {
        return PersonalTokenView.of(lifecycle.get(caller, null, id), clock.instant());
    }

    @Patch("/{id}")
    @SensitiveWhen("clearing or widening the token\'s IP restrictions")
    PersonalTokenView update(Caller caller, @PathVariable String id, @Valid @Body TokenBodies.Update body,
                             @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        return PersonalTokenView.of(lifecycle.update(caller, null, id, body.name(), body.note(), body.ipRestrictions(),
                confirmPassword), clock.instant());
    }

    @Delete("/{id}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String id, @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        lifecycle.revoke(caller, null, id, confirmPassword);
    }

    @Post("/{id}/regenerate")
    @Sensitive("mints a new secret")
    IssuedView regenerate(Caller caller, @PathVariable String id, @Valid @Nullable @Body TokenBodies.Expiry body,
                          @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenBodies.Expiry b = TokenBodies.Expiry.orNone(body);
        return issued(lifecycle.regenerate(caller, null, id, b.expiration(), b.expiresAt(), confirmPassword));
    }

    @Post("/{id}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same settings; its string is in this response only")
    HttpResponse<IssuedView> copy(Caller caller, @PathVariable String id, @Valid @Nullable @Body TokenBodies.Copy body,
                                  @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        TokenBodies.Copy b = TokenBodies.Copy.orNone(body);
        return HttpResponse.created(issued(lifecycle.copy(caller, null, id, b.name(), b.expiration(), b.expiresAt(),
                confirmPassword)));
    }

    private IssuedView issued(Issued<PersonalToken> issued) {
        return new IssuedView(PersonalTokenView.of(issued.token(), clock.instant()), issued.secret());
    }
}
