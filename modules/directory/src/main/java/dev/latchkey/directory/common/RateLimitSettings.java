package dev.latchkey.directory.common;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.rate-limits.*}, typed: read by the per-address buckets (the app's RateLimits)
 * and the per-account login throttle (the directory's LoginThrottle) alike.
 *
 * @param enabled every limit at once ({@code latchkey.rate-limits.enabled}, default true)
 */
@ConfigurationProperties("latchkey.rate-limits")
public record RateLimitSettings(@Bindable(defaultValue = "true") boolean enabled,
                                Introspection introspection, LeakReports leakReports,
                                Login login, Signup signup) {

    /** {@code POST /oauth/introspect} per caller. */
    @ConfigurationProperties("introspection")
    public record Introspection(@Bindable(defaultValue = "600") long capacity,
                                @Bindable(defaultValue = "1m") Duration period) {
    }

    /** {@code POST /api/tokens/leaks} per client address. */
    @ConfigurationProperties("leak-reports")
    public record LeakReports(@Bindable(defaultValue = "10") long capacity,
                              @Bindable(defaultValue = "1m") Duration period) {
    }

    /**
     * {@code POST /login} per client address, and failed password checks per account within a window.
     */
    @ConfigurationProperties("login")
    public record Login(@Bindable(defaultValue = "60") long capacity,
                        @Bindable(defaultValue = "1m") Duration period,
                        @Bindable(defaultValue = "10") int failuresPerAccount,
                        @Bindable(defaultValue = "15m") Duration failureWindow) {
    }

    /** {@code POST /api/signup} per client address. */
    @ConfigurationProperties("signup")
    public record Signup(@Bindable(defaultValue = "20") long capacity,
                         @Bindable(defaultValue = "1h") Duration period) {
    }
}
