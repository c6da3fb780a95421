package dev.latchkey.app.observability;

import dev.latchkey.authz.Decision;
import dev.latchkey.authz.DecisionListener;
import dev.latchkey.authz.Reason;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.TokenKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The domain series of docs/operations.md ("Metrics"), in one place so that every label value comes
 * from a closed set: an enum's public code, or a constant of this class. Nothing here takes a token,
 * an id, an address or a path, so no series can grow with traffic ({@code MetricsCardinalityTest}).
 * The shared mechanisms call it: the token resolver ({@code TokenAuthenticator}), the engine (as its
 * {@link DecisionListener}), the last-use flusher, the audit writer, the rate limiter, the proxy-auth
 * endpoints and the database-unavailable handlers. Caches bind their own series ({@code CacheMetrics}).
 */
@Singleton
public class DomainMetrics implements DecisionListener {
    /** {@code kind} of a token check whose string named no kind (malformed). */
    public static final String NO_KIND = "none";

    public enum CheckOutcome { ALLOWED, REFUSED, UNAVAILABLE }

    public enum Where { TOKEN_CHECK, REQUEST }

    public enum ProxyOutcome { ALLOWED, DENIED, UNAUTHENTICATED, UNAVAILABLE }

    public enum IntrospectionOutcome { ACTIVE, INACTIVE }

    private final MeterRegistry registry;
    /** Counters by their label values, so the hot path costs a map read, not a registry lookup. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer resolveCached;
    private final Timer resolveStored;

    public DomainMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.resolveCached = resolveTimer("cache");
        this.resolveStored = resolveTimer("storage");
        registerEverySeries();
    }

    /**
     * Every series at 0 from the start, so a rate or an alert sees "none yet" instead of "no data"
     * (and the label sets are visibly closed: this is all of them).
     */
    private void registerEverySeries() {
        for (TokenKind kind : TokenKind.values()) {
            counted(kind, CheckOutcome.ALLOWED, null);
            for (RefusalReason reason : RefusalReason.values()) {
                if (reason != RefusalReason.MALFORMED) {
                    counted(kind, CheckOutcome.REFUSED, reason);
                }
            }
        }
        counted(null, CheckOutcome.REFUSED, RefusalReason.MALFORMED);
        counted(null, CheckOutcome.UNAVAILABLE, null);
        for (Reason reason : Reason.values()) {
            decisions(reason);
        }
        for (Where where : Where.values()) {
            unavailable(where);
        }
        for (String limit : new String[] {"introspection", "leak-reports", "login", "signup"}) {
            limited(limit);
        }
        auditFailures();
        for (String endpoint : new String[] {"verify", "access_rules"}) {
            for (ProxyOutcome outcome : ProxyOutcome.values()) {
                proxy(endpoint, outcome);
            }
        }
        for (IntrospectionOutcome outcome : IntrospectionOutcome.values()) {
            introspections(outcome);
        }
    }

    private Timer resolveTimer(String source) {
        return Timer.builder("latchkey.token.resolve").tag("source", source)
                .description("Time to judge a presented token, answered from this node's caches or from storage")
                .publishPercentileHistogram().register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A token judged: {@code kind} null for a malformed string, {@code reason} null when allowed. */
    public void tokenCheck(TokenKind kind, CheckOutcome outcome, RefusalReason reason) {
        counted(kind, outcome, reason).increment();
    }

    private Counter counted(TokenKind kind, CheckOutcome outcome, RefusalReason reason) {
        String kindCode = kind == null ? NO_KIND : kind.code();
        String reasonCode = switch (outcome) {
            case ALLOWED -> "none";
            case UNAVAILABLE -> "database_unavailable";
            case REFUSED -> reason.code();
        };
        return counter("latchkey.token.checks", "Tokens judged, by kind, outcome and refusal reason",
                "kind", kindCode, "outcome", code(outcome), "reason", reasonCode);
    }

    public void resolved(boolean fromCache, Duration took) {
        (fromCache ? resolveCached : resolveStored).record(took);
    }

    @Override
    public void decided(Decision decision) {
        decisions(decision.reason()).increment();
    }

    private Counter decisions(Reason reason) {
        return counter("latchkey.engine.decisions", "Authorization engine decisions, by reason (allowed or why not)",
                "reason", reason.code());
    }

    public void databaseUnavailable(Where where) {
        unavailable(where).increment();
    }

    private Counter unavailable(Where where) {
        return counter("latchkey.db.unavailable.refusals", "Requests refused 503 because the database could not be reached",
                "where", code(where));
    }

    public void rateLimited(String limit) {
        limited(limit).increment();
    }

    private Counter limited(String limit) {
        return counter("latchkey.rate.limit.refusals", "Requests refused 429 by a rate limit, by limit",
                "limit", limit);
    }

    public void auditWriteFailed() {
        auditFailures().increment();
    }

    private Counter auditFailures() {
        return counter("latchkey.audit.write.failures", "Audit entries written off the request path that could not be written");
    }

    public void proxyAuth(String endpoint, ProxyOutcome outcome) {
        proxy(endpoint, outcome).increment();
    }

    private Counter proxy(String endpoint, ProxyOutcome outcome) {
        return counter("latchkey.forward.auth.requests", "Forward-auth (auth_request) answers, by endpoint and outcome",
                "endpoint", endpoint, "outcome", code(outcome));
    }

    public void introspection(IntrospectionOutcome outcome) {
        introspections(outcome).increment();
    }

    private Counter introspections(IntrospectionOutcome outcome) {
        return counter("latchkey.introspection.requests", "RFC 7662 introspection answers, by outcome",
                "outcome", code(outcome));
    }

    private static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter found = counters.get(key);
        if (found != null) {
            return found;
        }
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
