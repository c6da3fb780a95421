package dev.latchkey.app.observability;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23, "who may read them": without a management port, {@code /prometheus} on the public
 * listener answers only a scraper holding the configured scrape token, and nobody at all when none
 * is configured; the public {@code /health} stays terse either way.
 */
class ScrapeAccessTest {
    private static final String SCRAPE_TOKEN = "scrape-" + "s3cr3t-".repeat(6);

    @Test
    void withoutAScrapeTokenThePublicListenerServesNoMetrics() throws Exception {
        try (MetricsNode node = MetricsNode.publicOnly(Map.of())) {
            HttpResponse<String> metrics = node.get("/prometheus", null);
            assertEquals(404, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertFalse(metrics.body().contains("jvm_"), metrics.body());
            HttpResponse<String> health = node.get("/health", null);
            assertEquals(200, health.statusCode());
            assertFalse(health.body().matches("(?s).*\"details\"\\s*:\\s*\\{.*"), health.body());
        }
    }

    @Test
    void withAScrapeTokenOnlyItsHolderReadsTheMetrics() throws Exception {
        try (MetricsNode node = MetricsNode.publicOnly(Map.of("latchkey.metrics.scrape-token", SCRAPE_TOKEN))) {
            HttpResponse<String> none = node.get("/prometheus", null);
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, node.get("/prometheus", "Bearer " + SCRAPE_TOKEN + "x").statusCode());
            assertEquals(401, node.get("/prometheus", "Bearer " + SCRAPE_TOKEN.substring(1)).statusCode());
            assertEquals(401, node.get("/prometheus", "Basic " + SCRAPE_TOKEN).statusCode());

            HttpResponse<String> scrape = node.get("/prometheus", "Bearer " + SCRAPE_TOKEN);
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.body().contains("# TYPE latchkey_token_checks_total counter")
                    || scrape.body().contains("latchkey_cache_requests_total"), scrape.body().substring(0, 200));
            assertTrue(scrape.body().contains("jvm_memory_used_bytes"));
            // the scrape token is no way into the API
            assertEquals(401, node.get("/api/user", "Bearer " + SCRAPE_TOKEN).statusCode());
            HttpResponse<String> health = node.get("/health", null);
            assertEquals(200, health.statusCode());
            assertFalse(health.body().matches("(?s).*\"details\"\\s*:\\s*\\{.*"), health.body());
        }
    }

    @Test
    void aShortScrapeTokenStopsTheStart() {
        Exception e = assertThrows(Exception.class,
                () -> MetricsNode.publicOnly(Map.of("latchkey.metrics.scrape-token", "too-short")).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("latchkey.metrics.scrape-token"), root.getMessage());
    }
}
