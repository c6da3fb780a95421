package dev.latchkey.directory.user;

import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.common.RateLimitSettings;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed password checks per account: after {@code latchkey.rate-limits.login.failures-per-account}
 * within {@code failure-window}, further attempts on that account are refused without checking the
 * password until the window has passed, so guessing slows to a handful of tries per window
 * whatever the number of source addresses. A successful login clears the count.
 *
 * <p>The count is keyed on the account's id, never on the typed email: every spelling that reaches
 * an account counts against that one account. Every place that checks a human's password (login,
 * {@code X-Confirm-Password}, the {@code current} field of a password change) reports a wrong one
 * here with {@link #recordFailure}, which also writes {@code login.failed} to the account's audit
 * trail with {@code via: <where>}; so one throttle and one audit action cover them all. The audit
 * row is written in its own transaction: the refusal that follows rolls the caller's back, and the
 * failure must stay on record.
 */
@Singleton
public class LoginThrottle {
    /** {@code via} of a failure at {@code POST /login}. */
    public static final String VIA_LOGIN = "login";
    /** {@code via} of a wrong confirmation password (X-Confirm-Password, or a password change's current one). */
    public static final String VIA_CONFIRMATION = "confirmation";

    private final boolean enabled;
    private final int maxFailures;
    private final Cache<UUID, AtomicInteger> failures;
    private final AuditTrail audit;
    private final MeterRegistry meters;

    public LoginThrottle(RateLimitSettings settings, AuditTrail audit, MeterRegistry meters) {
        this.meters = meters;
        for (String via : new String[] {VIA_LOGIN, VIA_CONFIRMATION}) {
            failureCounter(via);
            throttledCounter(via);
        }
        this.enabled = settings.enabled();
        this.maxFailures = settings.login().failuresPerAccount();
        this.failures = Caffeine.newBuilder().expireAfterWrite(settings.login().failureWindow()).maximumSize(200_000).build();
        this.audit = audit;
    }

    /** True while the account may not have its password checked at all. */
    public boolean blocked(UUID userId) {
        AtomicInteger count = failures.getIfPresent(userId);
        return enabled && count != null && count.get() >= maxFailures;
    }

    /**
     * A wrong password for this account, wherever it was typed: counts towards the throttle and is
     * audited as {@code login.failed} with {@code via: <via>} on the account's own trail.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
    public void recordFailure(UUID userId, String via, @Nullable String clientIp, @Nullable String userAgent) {
        failures.get(userId, e -> new AtomicInteger()).incrementAndGet();
        countFailure(via);
        record(AuditAction.LOGIN_FAILED, userId, via, clientIp, userAgent);
    }

    /** An attempt refused because the account is {@link #blocked}; audited as {@code login.throttled}. */
    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
    public void recordThrottled(UUID userId, String via, @Nullable String clientIp, @Nullable String userAgent) {
        throttledCounter(via).increment();
        record(AuditAction.LOGIN_THROTTLED, userId, via, clientIp, userAgent);
    }

    /**
     * Counts a wrong password ({@code latchkey_login_failures_total{via}}); {@link #recordFailure}
     * calls it, and a login for an unknown e-mail, which has no account to throttle, calls it alone.
     */
    public void countFailure(String via) {
        failureCounter(via).increment();
    }

    private Counter failureCounter(String via) {
        return Counter.builder("latchkey.login.failures").tag("via", via)
                .description("Wrong passwords (or unknown accounts), by where the password was typed").register(meters);
    }

    private Counter throttledCounter(String via) {
        return Counter.builder("latchkey.login.throttled").tag("via", via)
                .description("Password checks refused because the account is throttled, by where the password was typed")
                .register(meters);
    }

    public void succeeded(UUID userId) {
        failures.invalidate(userId);
    }

    private void record(AuditAction action, UUID userId, String via, @Nullable String clientIp,
                        @Nullable String userAgent) {
        // the trail cuts the client's text to its own limits
        audit.record(AuditEvent.of(action, AuditEvent.Actor.anonymous()).from(clientIp, userAgent).onUser(userId)
                .withDetails("via: " + via));
    }
}
