package dev.latchkey.app.observability;

import dev.latchkey.app.security.LastUseFlusher;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: every metric deploy/grafana/latchkey.json queries is in a real node's scrape, so no
 * panel of the dashboard stays empty for a misspelt or renamed series. (PrometheusScrapeTest runs
 * every expression through a real Prometheus.)
 */
class GrafanaDashboardTest {

    @Test
    void everyMetricTheDashboardQueriesIsInTheScrape() throws Exception {
        try (MetricsNode node = MetricsNode.withManagementPort(Map.of())) {
            String pat = node.mintPat(node.newUserSession(), List.of("user:read"));
            // the series that appear only once something happened: a verify, an introspection, a flush
            assertEquals(204, node.get("/api/auth/verify", "Bearer " + pat).statusCode());
            assertEquals(200, MetricsNode.sendForm(node.publicPort, "/oauth/introspect", "Bearer " + pat, "token=" + pat).statusCode());
            node.context.getBean(LastUseFlusher.class).flush();
            Set<String> scraped = MetricsNode.names(node.scrape());

            List<Dashboard.Target> targets = Dashboard.targets(node.context.getBean(JsonMapper.class));
            assertTrue(targets.size() >= 12, "panels with queries: " + targets.size());
            List<String> missing = new ArrayList<>();
            for (Dashboard.Target target : targets) {
                assertTrue(!target.metricNames().isEmpty(), () -> "no metric found in " + target.expr());
                for (String name : target.metricNames()) {
                    if (!scraped.contains(name)) {
                        missing.add(target.panel() + ": " + name);
                    }
                }
            }
            assertTrue(missing.isEmpty(), () -> "not in the scrape: " + missing);
        }
    }
}
