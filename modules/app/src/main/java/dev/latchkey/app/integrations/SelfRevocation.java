package dev.latchkey.app.integrations;

import dev.latchkey.app.security.TokenAuthenticator;
import dev.latchkey.app.security.TokenEvents;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.tokens.core.RequestContext;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 7009 revocation: a token may revoke itself, and a login session may revoke the personal
 * tokens of its own user. Anything else is ignored without saying so (§2.2: the answer is the same
 * whether or not the token was known). No password confirmation for sessions: the request carries
 * the secret itself, which proves more than a password would, and revoking only ever takes rights away.
 */
@Singleton
class SelfRevocation {
    private final TokenAuthenticator tokens;
    private final TokenEvents events;
    private final Clock clock;

    SelfRevocation(TokenAuthenticator tokens, TokenEvents events, Clock clock) {
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    void revoke(Caller caller, @Nullable String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        Optional<TokenAuthenticator.Identified> found = tokens.identify(token, new RequestContext(caller.clientIp(), clock.instant()));
        if (found.isEmpty() || !mayRevoke(caller, found.get())) {
            return;
        }
        events.revoke(found.get(), "revoked through /oauth/revoke",
                AuditEvent.by(caller, AuditAction.TOKEN_REVOKED).withDetails("RFC 7009 revocation"));
    }

    private boolean mayRevoke(Caller caller, TokenAuthenticator.Identified token) {
        if (caller.principal().isToken()) {
            return token.tokenId().equals(caller.principal().tokenId());
        }
        return caller.isSession() && tokens.facts(token.kind(), token.tokenId())
                .map(f -> Objects.equals(f.ownerUserId(), caller.userId())).orElse(false);
    }
}
