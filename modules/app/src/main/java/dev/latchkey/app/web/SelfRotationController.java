package dev.latchkey.app.web;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.tokens.TokenBodies;
import dev.latchkey.pat.application.PersonalTokens;
import dev.latchkey.servicetokens.application.ServiceTokens;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.lifecycle.Issued;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.tokens.core.lifecycle.TokenRow;
import dev.latchkey.workspacetokens.application.WorkspaceTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A token rotates itself (GitLab's self-rotate): the caller is the token, presented as Bearer, and
 * its own grant or scopes must list {@code self-rotate}, which no role implies. The rotation is the
 * one lifecycle's ({@link TokenLifecycle#rotateSelf}): same grace, cap, one-at-a-time and audit as
 * {@code POST .../{id}/rotate}. A replayed old secret here revokes the token (reuse detection, in
 * the token fetcher).
 */
@NeedsCredentials
@Controller("/api/tokens/self")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "token rotation")
class SelfRotationController {
    private final PersonalTokens personal;
    private final WorkspaceTokens workspace;
    private final ServiceTokens service;
    private final Access access;
    private final Clock clock;

    SelfRotationController(PersonalTokens personal, WorkspaceTokens workspace, ServiceTokens service, Access access,
                           Clock clock) {
        this.personal = personal;
        this.workspace = workspace;
        this.service = service;
        this.access = access;
        this.clock = clock;
    }

    /** The rotated token: its id, kind, new secret (in this response only) and the old secret's grace. */
    @Serdeable
    record Rotated(UUID id, String kind, String hint, @Nullable Instant expiresAt, @Nullable String previousHint,
                   @Nullable Instant previousValidUntil, String token) {
        @Override
        public String toString() {
            return "Rotated[" + id + "]";
        }
    }

    @Post("/rotate")
    @io.swagger.v3.oas.annotations.Operation(summary = "Rotate the presenting token itself (needs the self-rotate permission)")
    @NotSensitive("only a token may call it (a login session is refused 403), and tokens are never asked for a password; a session rotates with POST .../{id}/rotate, which is sensitive")
    Rotated rotate(Caller caller, @Valid @Nullable @Body TokenBodies.Rotate body) {
        access.requireTokenGrant(caller, Permission.SELF_ROTATE);
        TokenBodies.Rotate b = TokenBodies.Rotate.orNone(body);
        UUID id = caller.principal().tokenId();
        return switch (caller.principal().kind()) {
            case PERSONAL_TOKEN -> rotated(TokenKind.PERSONAL, personal.lifecycle(), caller, id, b);
            case WORKSPACE_TOKEN -> rotated(TokenKind.WORKSPACE, workspace.lifecycle(), caller, id, b);
            case SERVICE_TOKEN -> rotated(TokenKind.SERVICE, service.lifecycle(), caller, id, b);
            default -> throw ProblemException.forbidden("missing-permission", "only a token rotates itself",
                    java.util.Map.of("reason", "missing_permission"));
        };
    }

    private <O, T extends TokenRow<T>> Rotated rotated(TokenKind kind, TokenLifecycle<Caller, O, T> lifecycle,
                                                       Caller caller, UUID id, TokenBodies.Rotate b) {
        Issued<T> issued = lifecycle.rotateSelf(caller, id, b.expiration(), b.expiresAt(), b.graceSeconds());
        T token = issued.token();
        var grace = lifecycle.grace(token, clock.instant());
        return new Rotated(token.id(), kind.code(), token.hint(), token.expiresAt(),
                grace.map(g -> g.hint()).orElse(null), grace.map(g -> g.validUntil()).orElse(null), issued.secret());
    }
}
