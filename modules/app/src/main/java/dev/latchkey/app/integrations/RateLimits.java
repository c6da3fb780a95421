package dev.latchkey.app.integrations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import dev.latchkey.directory.common.RateLimitSettings;
import dev.latchkey.app.observability.DomainMetrics;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Per-key token buckets (Bucket4j, in memory): each key may spend {@code capacity} requests, refilled
 * evenly over {@code period}. Per node: behind a load balancer of n nodes a key gets up to n times
 * the limit, which is fine for what these limits are for (stopping a runaway client or a brute
 * force, not metering). {@code latchkey.rate-limits.enabled=false} switches every limit off.
 */
@Singleton
public class RateLimits {
    /** The limited things, named as in the configuration ({@code latchkey.rate-limits.<name>.*}). */
    public enum Limit {
        INTROSPECTION, LEAK_REPORTS, LOGIN, SIGNUP
    }

    private final boolean enabled;
    private final Limiter introspection;
    private final Limiter leakReports;
    private final Limiter login;
    private final Limiter signup;
    /** Told of each refusal, by the limit's configuration name ({@code latchkey_rate_limit_refusals_total{limit}}). */
    private final Consumer<String> refusals;

    public RateLimits(boolean enabled, long introspectionCapacity, Duration introspectionPeriod, long leakCapacity,
                      Duration leakPeriod) {
        this(enabled, introspectionCapacity, introspectionPeriod, leakCapacity, leakPeriod, 60, Duration.ofMinutes(1),
                20, Duration.ofHours(1), limit -> { });
    }

    @jakarta.inject.Inject
    public RateLimits(RateLimitSettings settings, DomainMetrics metrics) {
        this(settings.enabled(), settings.introspection().capacity(), settings.introspection().period(),
                settings.leakReports().capacity(), settings.leakReports().period(),
                settings.login().capacity(), settings.login().period(),
                settings.signup().capacity(), settings.signup().period(), metrics::rateLimited);
    }

    private RateLimits(boolean enabled, long introspectionCapacity, Duration introspectionPeriod,
                       long leakCapacity, Duration leakPeriod, long loginCapacity, Duration loginPeriod,
                       long signupCapacity, Duration signupPeriod, Consumer<String> refusals) {
        this.enabled = enabled;
        this.refusals = refusals;
        this.introspection = new Limiter(introspectionCapacity, introspectionPeriod);
        this.leakReports = new Limiter(leakCapacity, leakPeriod);
        this.login = new Limiter(loginCapacity, loginPeriod);
        this.signup = new Limiter(signupCapacity, signupPeriod);
    }

    /** Spends one request of {@code key}'s bucket, or throws {@link RateLimitedException} with the wait. */
    public void consume(Limit limit, String key) {
        if (!enabled) {
            return;
        }
        Limiter limiter = switch (limit) {
            case INTROSPECTION -> introspection;
            case LEAK_REPORTS -> leakReports;
            case LOGIN -> login;
            case SIGNUP -> signup;
        };
        ConsumptionProbe probe = limiter.bucketFor(key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            refusals.accept(limit.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            throw new RateLimitedException(seconds);
        }
    }

    private static final class Limiter {
        private final long capacity;
        private final Duration period;
        // an idle key's bucket is full again after one period, so forgetting it then loses nothing
        private final Cache<String, Bucket> buckets;

        Limiter(long capacity, Duration period) {
            this.capacity = capacity;
            this.period = period;
            this.buckets = Caffeine.newBuilder().expireAfterAccess(period).maximumSize(200_000).build();
        }

        Bucket bucketFor(String key) {
            return buckets.get(key, k -> Bucket.builder()
                    .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
                    .build());
        }
    }
}
