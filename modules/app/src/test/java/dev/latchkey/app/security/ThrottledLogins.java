package dev.latchkey.app.security;

import java.util.Map;

/**
 * Test properties that switch the per-account login throttle on (the suites run with rate limits
 * off) while leaving the per-address limits too high to interfere.
 */
final class ThrottledLogins {
    static final int FAILURES_PER_ACCOUNT = 3;

    private ThrottledLogins() {
    }

    static Map<String, String> on(Map<String, String> properties) {
        properties.put("latchkey.rate-limits.enabled", "true");
        properties.put("latchkey.rate-limits.login.capacity", "10000");
        properties.put("latchkey.rate-limits.signup.capacity", "10000");
        properties.put("latchkey.rate-limits.login.failures-per-account", String.valueOf(FAILURES_PER_ACCOUNT));
        return properties;
    }
}
