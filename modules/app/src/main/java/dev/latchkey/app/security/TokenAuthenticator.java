package dev.latchkey.app.security;

import dev.latchkey.tokens.core.MalformedTokenException;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFacts;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenResolver;
import dev.latchkey.app.observability.DomainMetrics;
import dev.latchkey.directory.common.Spans;
import io.opentelemetry.api.trace.Span;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place a token string becomes a verdict: parse (no IO), pick the resolver of its kind,
 * resolve. Request authentication, introspection, RFC 7009 revocation and leak reports all go
 * through it, so they can never disagree about a token. A new token kind plugs in by being a
 * {@link TokenResolver} bean; nothing here changes.
 */
@Singleton
public class TokenAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

    /** What became of a presented token. */
    public sealed interface Outcome {
    }

    /** The token is good: its kind, and the resolver's principal and id. */
    public record Accepted(TokenKind kind, TokenResolution.Accepted resolution) implements Outcome {
        public UUID tokenId() {
            return resolution.tokenId();
        }
    }

    /**
     * The token was refused; {@code kind} is null for a malformed string, {@code tokenId} null unless
     * the token was found (expired, revoked, refused for its address, ...).
     */
    public record Refused(@Nullable TokenKind kind, RefusalReason reason, @Nullable UUID tokenId) implements Outcome {
    }

    /** The token could not be judged (storage down): refused, with a different answer than "unknown". */
    public record Unavailable() implements Outcome {
    }

    private final Map<TokenKind, TokenResolver> resolvers = new EnumMap<>(TokenKind.class);
    private final DomainMetrics metrics;
    private final Spans spans;

    public TokenAuthenticator(List<TokenResolver> resolvers, DomainMetrics metrics, Spans spans) {
        this.metrics = metrics;
        this.spans = spans;
        resolvers.forEach(r -> this.resolvers.put(r.kind(), r));
    }

    /**
     * Judges the token, reading storage when its caches do not have it; every answer is counted in
     * {@code latchkey_token_checks_total} and timed in {@code latchkey_token_resolve_seconds}.
     */
    public Outcome authenticate(String raw, RequestContext context) {
        return spans.traced(Spans.RESOLVE, () -> {
            long started = System.nanoTime();
            Outcome outcome = judge(raw, context);
            metrics.resolved(false, java.time.Duration.ofNanos(System.nanoTime() - started));
            return counted(outcome);
        }, (span, outcome) -> describe(span, "storage", outcome));
    }

    /** The resolve span's attributes: the kind, the outcome and the refusal reason; never the token. */
    private static void describe(Span span, String source, @Nullable Outcome outcome) {
        span.setAttribute("latchkey.token.source", source);
        if (outcome instanceof Accepted a) {
            span.setAttribute("latchkey.token.kind", a.kind().code());
            span.setAttribute("latchkey.token.outcome", "allowed");
        } else if (outcome instanceof Refused r) {
            span.setAttribute("latchkey.token.kind", r.kind() == null ? DomainMetrics.NO_KIND : r.kind().code());
            span.setAttribute("latchkey.token.outcome", "refused");
            span.setAttribute("latchkey.token.refusal", r.reason().code());
        } else if (outcome instanceof Unavailable) {
            span.setAttribute("latchkey.token.outcome", "unavailable");
        } else {
            span.setAttribute("latchkey.token.outcome", "not_cached");
        }
    }

    private Outcome counted(Outcome outcome) {
        if (outcome instanceof Accepted a) {
            metrics.tokenCheck(a.kind(), DomainMetrics.CheckOutcome.ALLOWED, null);
        } else if (outcome instanceof Refused r) {
            metrics.tokenCheck(r.kind(), DomainMetrics.CheckOutcome.REFUSED, r.reason());
        } else {
            metrics.tokenCheck(null, DomainMetrics.CheckOutcome.UNAVAILABLE, null);
            metrics.databaseUnavailable(DomainMetrics.Where.TOKEN_CHECK);
        }
        return outcome;
    }

    private Outcome judge(String raw, RequestContext context) {
        ParsedToken token;
        try {
            token = TokenFormat.parse(raw);
        } catch (MalformedTokenException e) {
            return new Refused(null, RefusalReason.MALFORMED, null);
        }
        TokenResolver resolver = resolvers.get(token.kind());
        if (resolver == null) {
            return new Refused(token.kind(), RefusalReason.UNKNOWN, null);
        }
        TokenResolution resolution;
        try {
            resolution = resolver.resolve(token, context);
        } catch (RuntimeException e) {
            // fail closed: whatever broke (the database, most likely), the token is not accepted
            LOG.warn("token resolution failed ({}), refusing: {}", token, e.toString());
            return new Unavailable();
        }
        if (resolution instanceof TokenResolution.Refused refused) {
            return new Refused(token.kind(), refused.reason(), refused.tokenId());
        }
        return new Accepted(token.kind(), (TokenResolution.Accepted) resolution);
    }

    /**
     * {@link #authenticate} from this node's caches alone, for the event loop: a malformed token
     * and one whose row, subject and policy are all cached are answered; anything else is empty
     * and must go to {@link #authenticate} on a thread that may block.
     */
    public Optional<Outcome> authenticateCached(String raw, RequestContext context) {
        return spans.traced(Spans.RESOLVE, () -> {
            long started = System.nanoTime();
            Optional<Outcome> outcome = judgeCached(raw, context);
            outcome.ifPresent(o -> {
                metrics.resolved(true, java.time.Duration.ofNanos(System.nanoTime() - started));
                counted(o);
            });
            return outcome;
        }, (span, outcome) -> describe(span, "cache", outcome.orElse(null)));
    }

    private Optional<Outcome> judgeCached(String raw, RequestContext context) {
        ParsedToken token;
        try {
            token = TokenFormat.parse(raw);
        } catch (MalformedTokenException e) {
            return Optional.of(new Refused(null, RefusalReason.MALFORMED, null));
        }
        TokenResolver resolver = resolvers.get(token.kind());
        if (resolver == null) {
            return Optional.of(new Refused(token.kind(), RefusalReason.UNKNOWN, null));
        }
        return resolver.resolveCached(token, context).map(resolution -> resolution instanceof TokenResolution.Refused r
                ? new Refused(token.kind(), r.reason(), r.tokenId())
                : new Accepted(token.kind(), (TokenResolution.Accepted) resolution));
    }

    /** A token known to its kind, whatever its state: who it is, not whether it may act. */
    public record Identified(TokenKind kind, UUID tokenId) {
    }

    /**
     * Which stored token {@code raw} is, if any, even if it is expired, revoked or not allowed from
     * here; for revocation, where a refused token is still the caller's to revoke.
     */
    public Optional<Identified> identify(String raw, RequestContext context) {
        Outcome outcome = authenticate(raw, context);
        if (outcome instanceof Accepted a) {
            return Optional.of(new Identified(a.kind(), a.tokenId()));
        }
        if (outcome instanceof Refused r && r.tokenId() != null) {
            return Optional.of(new Identified(r.kind(), r.tokenId()));
        }
        return Optional.empty();
    }

    public Optional<TokenFacts> facts(TokenKind kind, UUID tokenId) {
        TokenResolver resolver = resolvers.get(kind);
        return resolver == null ? Optional.empty() : resolver.facts(tokenId);
    }

    /** @return true if this call revoked the token */
    public boolean revoke(TokenKind kind, UUID tokenId, String cause) {
        TokenResolver resolver = resolvers.get(kind);
        return resolver != null && resolver.revoke(tokenId, cause);
    }
}
