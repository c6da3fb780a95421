package dev.latchkey.pat.web;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.tokentypes.TokenTypes;
import dev.latchkey.pat.application.PersonalTokens;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.InvalidValueException;
import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.tokens.core.lifecycle.TokenDraft;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 001's personal-access-token API, in its own shape (DESIGN: Seed 001's PAT API, exactly):
 * a bare array to list, 200 to provision and to revoke, errors as {@code {"message","status"}}.
 * Only the HTTP shape is its own: every operation is the one {@link TokenLifecycle} of personal
 * tokens and their grant ({@link PersonalTokens#grant}), so every rule of the richer
 * {@code /api/user/personal-access-tokens} applies unchanged. A token's scopes come from its
 * {@code type} (read-only when absent); {@code ipRestriction} is the IP list as one comma-separated string.
 */
@NeedsCredentials
@Controller(SeedErrors.PATH)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "personal access tokens (seed 001)")
class SeedPersonalTokenController {
    private static final int LIST_PAGE = 200;
    /** Request and core field names where this surface names them differently. */
    private static final Map<String, String> FIELDS = Map.of("ipRestrictions", "ipRestriction", "expiresAt", "expireAt",
            "scopes", "type");

    private final PersonalTokens tokens;
    private final TokenLifecycle<Caller, UUID, PersonalToken> lifecycle;
    private final Clock clock;

    SeedPersonalTokenController(PersonalTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.lifecycle = tokens.lifecycle();
        this.clock = clock;
    }

    /** {@code type} is a token-type id, or an object with one ({@code {"id":"ci"}}). */
    @Serdeable
    record ProvisionBody(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 4000) String ipRestriction,
                         @Nullable @Schema(implementation = Object.class,
                                 description = "a token type id (\"ci\") or {\"id\": \"ci\"}; absent: read-only")
                         JsonNode type, @Nullable Instant expireAt) {
    }

    @Serdeable
    record TypeView(String id, String name) {
    }

    /** Seed 001's PersonalToken; {@code token} is set in the provision answer only. */
    @Serdeable
    record SeedToken(boolean active, Instant createdAt, @Nullable Instant expireAt, UUID id,
                     @Nullable String ipRestriction, @Nullable Instant lastUsedAt, String name, String subject,
                     @Nullable String token, @Nullable TypeView type) {
        @Override
        public String toString() {
            return "SeedToken[" + id + "]";
        }

        static SeedToken of(PersonalToken t, @Nullable String secret, Instant now) {
            List<String> ips = IpRestrictions.storedEntries(t.ipRestrictions());
            return new SeedToken(TokenState.of(t.revokedAt(), t.expiresAt(), now) == TokenState.ACTIVE, t.createdAt(),
                    t.expiresAt(), t.id(), ips.isEmpty() ? null : String.join(", ", ips), t.lastUsedAt(), t.name(),
                    "user:" + t.userId(), secret, t.typeId() == null ? null : new TypeView(t.typeId(), t.typeName()));
        }
    }

    @Serdeable
    record Message(String message, int status) {
    }

    @Get
    @Operation(operationId = "listSeedPersonalTokens", summary = "List your personal access tokens that are not revoked (a bare array)")
    List<SeedToken> list(Caller caller) {
        Instant now = clock.instant();
        List<SeedToken> all = new ArrayList<>();
        UUID after = new UUID(0L, 0L);
        while (true) {
            List<PersonalToken> rows = lifecycle.list(caller, null, null, after, LIST_PAGE, (owner, page) -> page);
            rows.stream().filter(t -> t.revokedAt() == null).forEach(t -> all.add(SeedToken.of(t, null, now)));
            if (rows.size() < LIST_PAGE) {
                return all;
            }
            after = rows.get(rows.size() - 1).id();
        }
    }

    @Post
    @Sensitive("mints a token")
    @Operation(operationId = "provisionSeedPersonalToken", summary = "Provision a personal access token (its string is shown once)")
    SeedToken provision(Caller caller, @Valid @Body ProvisionBody body) {
        TokenDraft draft = new TokenDraft(body.name(), null, ipList(body.ipRestriction()), null, body.expireAt());
        var issued = lifecycle.create(caller, null, draft, tokens.grant(caller, null, null, typeId(body.type())));
        return SeedToken.of(issued.token(), issued.secret(), clock.instant());
    }

    @Delete("/{token_id}")
    @Sensitive("revokes a token")
    @Operation(operationId = "revokeSeedPersonalToken", summary = "Revoke a personal access token")
    Message revoke(Caller caller, @PathVariable("token_id") String tokenId) {
        lifecycle.revoke(caller, null, tokenId);
        return new Message("token revoked", 200);
    }

    /** A comma-separated string as the list the lifecycle checks; null or blank is no restriction. */
    private static @Nullable List<String> ipList(@Nullable String ipRestriction) {
        if (ipRestriction == null || ipRestriction.isBlank()) {
            return null;
        }
        return Arrays.stream(ipRestriction.split(",", -1)).map(String::strip).toList();
    }

    private static String typeId(@Nullable JsonNode type) {
        if (type == null || type.isNull()) {
            return TokenTypes.DEFAULT_ID;
        }
        if (type.isString()) {
            return type.getStringValue();
        }
        JsonNode id = type.isObject() ? type.get("id") : null;
        if (id == null || !id.isString()) {
            throw ProblemException.badRequest(TokenTypes.FIELD, "type must be a token type id or {\"id\": \"<type id>\"}");
        }
        return id.getStringValue();
    }

    // Errors on this surface are seed 001's {"message","status"}; the message names the field.

    @Error
    HttpResponse<Map<String, Object>> problem(HttpRequest<?> request, ProblemException e) {
        Object field = e.extensions().get("field");
        return error(e.status(), field == null ? e.detail() : prefixed(field.toString(), e.detail()));
    }

    @Error
    HttpResponse<Map<String, Object>> invalidValue(HttpRequest<?> request, InvalidValueException e) {
        return error(HttpStatus.BAD_REQUEST, e.field() == null ? e.getMessage() : prefixed(e.field(), e.getMessage()));
    }

    @Error
    HttpResponse<Map<String, Object>> constraint(HttpRequest<?> request, ConstraintViolationException e) {
        String field = e.getConstraintViolations().stream().findFirst()
                .map(v -> v.getPropertyPath().toString().replaceAll("^.*\\.", "")).orElse("body");
        return error(HttpStatus.BAD_REQUEST, field + ": value too long or malformed");
    }

    @Error
    HttpResponse<Map<String, Object>> conversion(HttpRequest<?> request, ConversionErrorException e) {
        return error(HttpStatus.BAD_REQUEST, e.getArgument().getName() + ": cannot be read as "
                + e.getArgument().getType().getSimpleName());
    }

    @Error
    HttpResponse<Map<String, Object>> unreadable(HttpRequest<?> request, CodecException e) {
        return error(HttpStatus.BAD_REQUEST, "body: not valid JSON for this request");
    }

    @Error
    HttpResponse<Map<String, Object>> status(HttpRequest<?> request, HttpStatusException e) {
        return error(e.getStatus(), e.getMessage());
    }

    private static String prefixed(String field, String detail) {
        String name = FIELDS.getOrDefault(field, field);
        String text = detail.replace(field + ":", name + ":");
        return text.startsWith(name + ":") ? text : name + ": " + text;
    }

    private static HttpResponse<Map<String, Object>> error(HttpStatus status, String message) {
        return HttpResponse.<Map<String, Object>>status(status).contentType(SeedErrors.CONTENT_TYPE)
                .body(SeedErrors.body(status.getCode(), message));
    }
}
