package dev.latchkey.pat.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.pat.application.PersonalTokens;
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

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's own personal access tokens; a login session only, never a token. */
@Controller("/api/user/personal-access-tokens")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "personal access tokens")
class PersonalTokenController {
    private final PersonalTokens tokens;

    PersonalTokenController(PersonalTokens tokens) {
        this.tokens = tokens;
    }

    @Serdeable
    record CreateBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                      @Nullable @Size(max = 100) List<@NotNull String> scopes, @Nullable @Size(max = 64) String workspace,
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
    record CopyBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 16) String expiration,
                    @Nullable Instant expiresAt) {
    }

    @Serdeable
    record RevokeBody(@NotNull @Size(max = PersonalTokens.MAX_BULK_REVOKE) List<@NotNull String> ids) {
    }

    @Serdeable
    record RevokedView(List<UUID> revoked, List<String> notFound) {
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
        Instant now = Instant.now();
        return tokens.list(caller, state, PageRequest.of(limit, cursor), t -> PersonalTokenView.of(t, now));
    }

    @Post
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    HttpResponse<IssuedView> create(Caller caller, @Valid @Body CreateBody body,
                                    @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        PersonalTokens.Issued issued = tokens.create(caller, new PersonalTokens.CreateCommand(body.name(), body.note(),
                body.scopes(), body.workspace(), body.ipRestrictions(), body.expiration(), body.expiresAt()), confirmPassword);
        return HttpResponse.created(issued(issued));
    }

    @Post("/revoke")
    @Sensitive("revokes tokens in bulk")
    RevokedView revokeMany(Caller caller, @Valid @Body RevokeBody body,
                           @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        PersonalTokens.BulkRevocation result = tokens.revokeMany(caller, body.ids(), confirmPassword);
        return new RevokedView(result.revoked(), result.notFound());
    }

    @Get("/{id}")
    PersonalTokenView get(Caller caller, @PathVariable String id) {
        return PersonalTokenView.of(tokens.get(caller, id), Instant.now());
    }

    @Patch("/{id}")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    PersonalTokenView update(Caller caller, @PathVariable String id, @Valid @Body UpdateBody body) {
        return PersonalTokenView.of(tokens.update(caller, id, body.name(), body.note(), body.ipRestrictions()), Instant.now());
    }

    @Delete("/{id}")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable String id, @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        tokens.revoke(caller, id, confirmPassword);
    }

    @Post("/{id}/regenerate")
    @Sensitive("mints a new secret")
    IssuedView regenerate(Caller caller, @PathVariable String id, @Valid @Nullable @Body ExpiryBody body,
                          @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        ExpiryBody b = body == null ? new ExpiryBody(null, null) : body;
        return issued(tokens.regenerate(caller, id, b.expiration(), b.expiresAt(), confirmPassword));
    }

    @Post("/{id}/copy")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same settings; its string is in this response only")
    HttpResponse<IssuedView> copy(Caller caller, @PathVariable String id, @Valid @Nullable @Body CopyBody body,
                                  @Nullable @Header(Confirmations.HEADER) String confirmPassword) {
        CopyBody b = body == null ? new CopyBody(null, null, null) : body;
        return HttpResponse.created(issued(tokens.copy(caller, id, b.name(), b.expiration(), b.expiresAt(), confirmPassword)));
    }

    private static IssuedView issued(PersonalTokens.Issued issued) {
        return new IssuedView(PersonalTokenView.of(issued.token(), Instant.now()), issued.secret());
    }
}
