package dev.latchkey.app.integrations;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimitsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aKeyMaySpendItsCapacityAndThenWaits() {
        RateLimits limits = new RateLimits(true, 2, HOUR, 1, HOUR);
        limits.consume(RateLimits.Limit.INTROSPECTION, "a");
        limits.consume(RateLimits.Limit.INTROSPECTION, "a");
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> limits.consume(RateLimits.Limit.INTROSPECTION, "a"));
        // two per hour refill one every half hour
        org.junit.jupiter.api.Assertions.assertTrue(e.retryAfterSeconds() > 1700 && e.retryAfterSeconds() <= 1800);
        assertDoesNotThrow(() -> limits.consume(RateLimits.Limit.INTROSPECTION, "b"));
        assertDoesNotThrow(() -> limits.consume(RateLimits.Limit.LEAK_REPORTS, "a"));
    }

    @Test
    void switchedOffNothingIsLimited() {
        RateLimits limits = new RateLimits(false, 1, HOUR, 1, HOUR);
        for (int i = 0; i < 100; i++) {
            limits.consume(RateLimits.Limit.INTROSPECTION, "a");
            limits.consume(RateLimits.Limit.LEAK_REPORTS, "a");
        }
    }
}
