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
        String kindCode = kind == null ? NO_KIND : kind.code();
        String reasonCode = switch (outcome) {
            case ALLOWED -> "none";
            case UNAVAILABLE -> "database_unavailable";
            case REFUSED -> reason.code();
        };
        counter("latchkey.token.checks", "Tokens judged, by kind, outcome and refusal reason",
                "kind", kindCode, "outcome", code(outcome), "reason", reasonCode).increment();
    }

    public void resolved(boolean fromCache, Duration took) {
        (fromCache ? resolveCached : resolveStored).record(took);
    }

    @Override
    public void decided(Decision decision) {
        Reason reason = decision.reason();
        counter("latchkey.engine.decisions", "Authorization engine decisions, by reason (allowed or why not)",
                "reason", reason.code()).increment();
    }

    public void databaseUnavailable(Where where) {
        counter("latchkey.db.unavailable.refusals", "Requests refused 503 because the database could not be reached",
                "where", code(where)).increment();
    }

    public void rateLimited(String limit) {
        counter("latchkey.rate.limit.refusals", "Requests refused 429 by a rate limit, by limit",
                "limit", limit).increment();
    }

    public void auditWriteFailed() {
        counter("latchkey.audit.write.failures", "Audit entries written off the request path that could not be written").increment();
    }

    public void proxyAuth(String endpoint, ProxyOutcome outcome) {
        counter("latchkey.forward.auth.requests", "Forward-auth (auth_request) answers, by endpoint and outcome",
                "endpoint", endpoint, "outcome", code(outcome)).increment();
    }

    public void introspection(IntrospectionOutcome outcome) {
        counter("latchkey.introspection.requests", "RFC 7662 introspection answers, by outcome",
                "outcome", code(outcome)).increment();
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
