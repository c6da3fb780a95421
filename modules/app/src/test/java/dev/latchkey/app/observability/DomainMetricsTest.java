package dev.latchkey.app.observability;

import dev.latchkey.app.security.LastUseFlusher;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: the domain series move with what the node does, as a scraper reads them on the
 * management port; the public listener serves neither metrics nor health details.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainMetricsTest {
    private MetricsNode node;
    private String session;
    private String pat;

    @BeforeAll
    void start() throws Exception {
        node = MetricsNode.withManagementPort(Map.of());
        session = node.newUserSession();
        pat = node.mintPat(session, List.of("user:read", "workspace:read"));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void metricsAndHealthDetailsAreOnTheManagementPortOnly() {
        assertEquals(404, node.get("/prometheus", null).statusCode());
        assertEquals(404, node.get("/health", null).statusCode());
        HttpResponse<String> details = MetricsNode.send(node.managementPort, "GET", "/health", null, null, Map.of());
        assertEquals(200, details.statusCode(), details.body());
        assertTrue(details.body().contains("\"details\""), details.body());
        String scrape = node.scrape();
        assertTrue(scrape.contains("# TYPE latchkey_token_checks_total counter"), scrape.substring(0, 300));
    }

    @Test
    void tokenChecksAreCountedByKindOutcomeAndReason() {
        String before = node.scrape();
        for (int i = 0; i < 3; i++) {
            assertEquals(204, node.get("/api/auth/verify", "Bearer " + pat).statusCode());
        }
        assertEquals(401, node.get("/api/auth/verify", "Bearer lkp_notarealtoken").statusCode());
        String unknown = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        assertEquals(401, node.get("/api/auth/verify", "Bearer " + unknown).statusCode());
        String after = node.scrape();

        assertEquals(3, delta(before, after, "latchkey_token_checks_total",
                "kind=\"personal\"", "outcome=\"allowed\"", "reason=\"none\""));
        assertEquals(1, delta(before, after, "latchkey_token_checks_total",
                "kind=\"none\"", "outcome=\"refused\"", "reason=\"malformed\""), () -> lines(before, "latchkey_token_checks") + "\n" + lines(after, "latchkey_token_checks"));
        assertEquals(1, delta(before, after, "latchkey_token_checks_total",
                "kind=\"personal\"", "outcome=\"refused\"", "reason=\"unknown\""));
        assertEquals(3, delta(before, after, "latchkey_forward_auth_requests_total",
                "endpoint=\"verify\"", "outcome=\"allowed\""));
        assertEquals(2, delta(before, after, "latchkey_forward_auth_requests_total",
                "endpoint=\"verify\"", "outcome=\"unauthenticated\""));
        assertTrue(delta(before, after, "latchkey_token_resolve_seconds_count") >= 5);
    }

    @Test
    void engineDecisionsAreCountedByReason() {
        String before = node.scrape();
        String other = node.newUserSession();
        String slug = "obs-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, node.post("/api/workspaces", "Bearer " + other, Map.of("slug", slug, "name", "Obs")).statusCode());
        assertEquals(200, node.get("/api/workspaces/" + slug, "Bearer " + other).statusCode());
        String own = "own-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, node.post("/api/workspaces", "Bearer " + session, Map.of("slug", own, "name", "Own")).statusCode());
        // the token's grant (user:read, workspace:read) does not reach workspace:manage
        assertEquals(403, node.get("/api/auth/verify?permission=workspace:manage&workspace=" + own, "Bearer " + pat).statusCode());
        String after = node.scrape();
        assertTrue(delta(before, after, "latchkey_engine_decisions_total", "reason=\"allowed\"") >= 1);
        assertTrue(delta(before, after, "latchkey_engine_decisions_total", "reason=\"outside_token_scope\"") >= 1,
                () -> lines(after, "latchkey_engine"));
    }

    @Test
    void cachesReportHitsAndMissesByName() {
        String before = node.scrape();
        node.get("/api/auth/verify", "Bearer " + pat);
        node.get("/api/auth/verify", "Bearer " + pat);
        String after = node.scrape();
        assertTrue(delta(before, after, "latchkey_cache_requests_total", "cache=\"personal-tokens\"", "result=\"hit\"") >= 1,
                after);
        for (String cache : List.of("personal-tokens", "workspace-tokens", "service-tokens", "subject-rights",
                "workspace-policies", "active-users", "session-epochs", "ended-sessions")) {
            assertTrue(after.contains("latchkey_cache_size{cache=\"" + cache + "\""), cache);
            assertTrue(after.contains("latchkey_cache_evictions_total{cache=\"" + cache + "\""), cache);
        }
    }

    @Test
    void lastUseFlushesReportTheirBatchAndLag() {
        node.get("/api/auth/verify", "Bearer " + pat);
        String pending = node.scrape();
        assertTrue(MetricsNode.sum(pending, "latchkey_last_use_pending") >= 1, pending);
        node.context.getBean(LastUseFlusher.class).flush();
        String flushed = node.scrape();
        assertTrue(delta(pending, flushed, "latchkey_last_use_flush_batch_size_count") >= 1);
        assertEquals(0, MetricsNode.sum(flushed, "latchkey_last_use_flush_lag_seconds"));
        assertTrue(flushed.contains("latchkey_invalidation_journal_lag_seconds "), "journal lag gauge");
        assertTrue(flushed.contains("latchkey_last_use_flush_failures_total "), "flush failures");
    }

    @Test
    void introspectionLoginFailuresAndRateLimitsAreCounted() {
        String before = node.scrape();
        introspect("token=" + pat);
        introspect("token=lkp_nothing");
        assertEquals(401, node.post("/login", null, Map.of("username", "nobody@example.com", "password", "wrong-password")).statusCode());
        String after = node.scrape();
        assertEquals(1, delta(before, after, "latchkey_introspection_requests_total", "outcome=\"active\""));
        assertEquals(1, delta(before, after, "latchkey_introspection_requests_total", "outcome=\"inactive\""));
        assertEquals(1, delta(before, after, "latchkey_login_failures_total", "via=\"login\""));
    }

    private void introspect(String form) {
        HttpResponse<String> r = java.util.Objects.requireNonNull(MetricsNode.sendForm(node.publicPort, "/oauth/introspect",
                "Bearer " + pat, form));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void httpTimingsAreByRouteTemplateNeverTheRawPath() {
        String slug = "route-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, node.post("/api/workspaces", "Bearer " + session, Map.of("slug", slug, "name", "Route")).statusCode());
        assertEquals(200, node.get("/api/workspaces/" + slug, "Bearer " + session).statusCode());
        // an unknown path is one series whatever its spelling (uri="NOT_FOUND")
        assertEquals(404, node.get("/api/workspaces/no-such-workspace-xyz", "Bearer " + session).statusCode());
        assertEquals(404, node.get("/api/no/such/path/at/all", "Bearer " + session).statusCode());
        String scrape = node.scrape();
        assertFalse(scrape.contains(slug), "raw path in a label");
        assertFalse(scrape.contains("/api/no/such"), "raw path in a label");
        assertTrue(scrape.contains("uri=\"/api/workspaces/{ws}\""), () -> lines(scrape, "http_server_requests_seconds_count"));
        assertFalse(scrape.contains("no-such-workspace-xyz"), "raw path in a label");
        assertTrue(scrape.contains("http_server_requests_seconds_bucket{"), "histogram buckets for p99");
    }

    /**
     * The HTTP timer sees every answer: the hot paths' answers from the caches (verify, introspection)
     * and the security filter's refusals used to be missing, because Micronaut's timer filter ran
     * last and a filter that answers itself never reached it (FirstServerMetricsFilter).
     */
    @Test
    void httpTimingsIncludeHotPathAnswersAndSecurityRefusals() {
        assertEquals(204, node.get("/api/auth/verify", "Bearer " + pat).statusCode()); // cached from here on
        introspect("token=" + pat);
        String before = node.scrape();
        for (int i = 0; i < 3; i++) {
            assertEquals(204, node.get("/api/auth/verify", "Bearer " + pat).statusCode());
        }
        introspect("token=" + pat);
        introspect("token=" + pat);
        assertEquals(401, node.get("/api/user", "Bearer lkp_notarealtoken").statusCode());
        String after = node.scrape();
        assertEquals(3, delta(before, after, "http_server_requests_seconds_count",
                "method=\"GET\"", "status=\"204\"", "uri=\"/api/auth/verify\""),
                () -> lines(after, "http_server_requests_seconds_count"));
        assertEquals(2, delta(before, after, "http_server_requests_seconds_count",
                "method=\"POST\"", "status=\"200\"", "uri=\"/oauth/introspect\""),
                () -> lines(after, "http_server_requests_seconds_count"));
        assertEquals(1, delta(before, after, "http_server_requests_seconds_count",
                "method=\"GET\"", "status=\"401\""), () -> lines(after, "http_server_requests_seconds_count"));
    }

    @Test
    void theRequestIdIsEchoedKeptWhenSaneAndReplacedOtherwise() {
        HttpResponse<String> kept = MetricsNode.send(node.publicPort, "GET", "/api/version", null, null,
                Map.of("X-Request-Id", "proxy-1234.abc"));
        assertEquals("proxy-1234.abc", kept.headers().firstValue("X-Request-Id").orElse(null));
        HttpResponse<String> fresh = node.get("/api/version", null);
        assertTrue(fresh.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f-]{36}"));
        HttpResponse<String> replaced = MetricsNode.send(node.publicPort, "GET", "/api/version", null, null,
                Map.of("X-Request-Id", pat));
        String echoed = replaced.headers().firstValue("X-Request-Id").orElse("");
        assertFalse(echoed.contains(pat.substring(4, 12)), "a token is never echoed");
        assertTrue(echoed.matches("[0-9a-f-]{36}"), echoed);
        HttpResponse<String> tooLong = MetricsNode.send(node.publicPort, "GET", "/api/version", null, null,
                Map.of("X-Request-Id", "x".repeat(65)));
        assertTrue(tooLong.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f-]{36}"));
    }

    private static String lines(String scrape, String prefix) {
        return String.join("\n", scrape.lines().filter(l -> l.startsWith(prefix)).toList());
    }

    private static double delta(String before, String after, String name, String... labels) {
        return MetricsNode.sum(after, name, labels) - MetricsNode.sum(before, name, labels);
    }
}
