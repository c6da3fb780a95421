package dev.latchkey.app.integrations;

import dev.latchkey.app.security.TokenAuthenticator;
import dev.latchkey.app.security.TokenEvents;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Anyone who finds Latchkey tokens (a secret scanner, a person) reports them here, as with GitHub's
 * credential revocation API: every one that is a stored token is revoked at once through its kind's
 * {@code revoke} hook, and its owner finds {@code token.revoked_as_leaked} with the source in the
 * audit trail. The reporter learns nothing about which were real.
 */
@Singleton
class LeakReports {
    static final int MAX_TOKENS = 1000;
    private static final int MAX_SOURCE = 100;

    private final TokenAuthenticator tokens;
    private final TokenEvents events;
    private final Clock clock;

    LeakReports(TokenAuthenticator tokens, TokenEvents events, Clock clock) {
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    /** @return how many strings were received, which is all the reporter is told */
    int report(List<String> reported, @Nullable String source, @Nullable String reporterIp, @Nullable String userAgent) {
        String from = describe(source);
        // a secret scanner may well report the same token twice in one call
        Set<String> distinct = new LinkedHashSet<>(reported);
        for (String raw : distinct) {
            if (raw == null) {
                continue;
            }
            // no client address: a token restricted to some addresses is still identified, and still revoked
            Optional<TokenAuthenticator.Identified> found = tokens.identify(raw.trim(), new RequestContext(null, clock.instant()));
            found.ifPresent(token -> events.revoke(token, "leaked: " + from,
                    AuditEvent.of(AuditAction.TOKEN_REVOKED_AS_LEAKED, AuditEvent.Actor.anonymous())
                            .from(reporterIp, userAgent).withDetails("reported as leaked; source: " + from)));
        }
        return reported.size();
    }

    /** The reporter's words, cut short and with any token in them blanked out, since they go into the trail. */
    private static String describe(@Nullable String source) {
        if (source == null || source.isBlank()) {
            return "unspecified";
        }
        return TokenRedaction.echo(source.strip().replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Zl}\\p{Zp}]", " "), MAX_SOURCE);
    }
}
