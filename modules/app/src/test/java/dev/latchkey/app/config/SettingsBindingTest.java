package dev.latchkey.app.config;

import dev.latchkey.directory.access.SecuritySettings;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.caps.LimitSettings;
import dev.latchkey.directory.common.RateLimitSettings;
import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed settings records read the same keys as the {@code @Value}s they replaced: a configured
 * value arrives (nested ones too, and in the services that use it), an unset one keeps the default
 * docs/operations.md names.
 */
class SettingsBindingTest {

    @Test
    void configuredValuesArriveAndUnsetOnesKeepTheirDefaults() {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("latchkey.security.sudo-window", "2m");
        props.put("latchkey.rate-limits.login.failure-window", "3m");
        props.put("latchkey.rate-limits.signup.capacity", "7");
        props.put("latchkey.limits.projects-per-workspace", "9");
        props.put("latchkey.http.trusted-proxies", "10.0.0.0/8, 192.168.1.1");
        props.put("latchkey.audit.refusal-interval", "30s");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            SecuritySettings security = context.getBean(SecuritySettings.class);
            assertEquals(Duration.ofMinutes(2), security.sudoWindow());
            assertEquals(Duration.ofSeconds(60), security.sessionClockSkew());

            RateLimitSettings rates = context.getBean(RateLimitSettings.class);
            assertEquals(false, rates.enabled(), "the test setting");
            assertEquals(Duration.ofMinutes(3), rates.login().failureWindow());
            assertEquals(10, rates.login().failuresPerAccount());
            assertEquals(7, rates.signup().capacity());
            assertEquals(Duration.ofHours(1), rates.signup().period());
            assertEquals(600, rates.introspection().capacity());
            assertEquals(Duration.ofMinutes(1), rates.leakReports().period());

            LimitSettings limits = context.getBean(LimitSettings.class);
            assertEquals(9, limits.projectsPerWorkspace());
            assertEquals(200, limits.personalTokensPerUser());
            assertEquals(9, context.getBean(Caps.class).limit(Caps.Cap.PROJECTS_PER_WORKSPACE));

            HttpSettings http = context.getBean(HttpSettings.class);
            assertEquals(List.of("10.0.0.0/8", "192.168.1.1"), http.trustedProxies().stream().map(String::trim).toList());
            assertEquals("X-Forwarded-For", http.forwardedHeader());

            assertEquals(Duration.ofSeconds(30), context.getBean(AuditSettings.class).refusalInterval());
            assertEquals(Duration.ofDays(7), context.getBean(dev.latchkey.directory.tokens.TokenSettings.class).maxGrace(),
                    "latchkey.tokens.max-grace defaults to 7 days");
            assertEquals(false, context.getBean(AuthSettings.class).queryParameter());
            assertEquals(Duration.ofSeconds(5), context.getBean(TokenSettings.class).cacheTtl());
        }
    }

    @Test
    void nothingConfiguredMeansNoTrustedProxies() {
        try (ApplicationContext context = ApplicationContext.run(new HashMap<String, Object>(TestDatabase.properties()))) {
            assertTrue(context.getBean(HttpSettings.class).trustedProxies().isEmpty());
            assertEquals(Duration.ofMinutes(5), context.getBean(SecuritySettings.class).sudoWindow());
        }
    }
}
