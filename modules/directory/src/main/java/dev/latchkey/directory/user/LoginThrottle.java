package dev.latchkey.directory.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed logins per account: after {@code latchkey.rate-limits.login.failures-per-account} within
 * {@code failure-window}, further attempts on that account are refused without checking the
 * password until the window has passed, so guessing slows to a handful of tries per window
 * whatever the number of source addresses. A successful login clears the count.
 */
@Singleton
public class LoginThrottle {
    private final boolean enabled;
    private final int maxFailures;
    private final Cache<String, AtomicInteger> failures;

    public LoginThrottle(@Value("${latchkey.rate-limits.enabled:true}") boolean enabled,
                         @Value("${latchkey.rate-limits.login.failures-per-account:10}") int maxFailures,
                         @Value("${latchkey.rate-limits.login.failure-window:15m}") Duration window) {
        this.enabled = enabled;
        this.maxFailures = maxFailures;
        this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(200_000).build();
    }

    public boolean blocked(String email) {
        AtomicInteger count = failures.getIfPresent(email);
        return enabled && count != null && count.get() >= maxFailures;
    }

    public void failed(String email) {
        failures.get(email, e -> new AtomicInteger()).incrementAndGet();
    }

    public void succeeded(String email) {
        failures.invalidate(email);
    }
}
