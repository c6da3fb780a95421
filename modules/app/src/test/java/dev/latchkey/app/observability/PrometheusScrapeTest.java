package dev.latchkey.app.observability;

import dev.latchkey.app.integrations.ProxyBinaries;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: a real Prometheus (Debian's) scrapes a running node's management port on loopback;
 * allowed and refused token checks move the counters as Prometheus's HTTP API reports them, every
 * query of the Grafana dashboard runs in it, and the dashboard's picture in docs/img is drawn from
 * its data ({@code LATCHKEY_DOCS_RENDER=true} in the environment writes it there; otherwise under target/).
 */
@ProxyBinaries.Needs(value = "/usr/bin/prometheus", packages = "prometheus")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusScrapeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private MetricsNode node;
    private JsonMapper json;
    private Process prometheus;
    private Path dir;
    private int prometheusPort;
    private String pat;

    @BeforeAll
    void start() throws Exception {
        node = MetricsNode.withManagementPort(Map.of());
        json = node.context.getBean(JsonMapper.class);
        pat = node.mintPat(node.newUserSession(), List.of("user:read"));
        dir = Files.createTempDirectory("latchkey-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: latchkey
                    metrics_path: /prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(node.managementPort));
        prometheusPort = MetricsNode.freePort();
        prometheus = new ProcessBuilder("/usr/bin/prometheus",
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!ready()) {
            if (!prometheus.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("Prometheus did not start:\n" + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
        await("up{job=\"latchkey\"}", v -> v == 1, "the node scraped");
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (node != null) {
            node.close();
        }
    }

    /** Prometheus's HTTP API answer to {@code path?query...}, which must be a success. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> api(String path, Map<String, String> params) throws Exception {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = json.readValue(r.body(), Map.class);
        assertEquals("success", body.get("status"), () -> params + " -> " + r.body());
        return (Map<String, Object>) body.get("data");
    }

    /** The one value of an instant query (summed), or NaN when it has no series. */
    @SuppressWarnings("unchecked")
    private double value(String promql) throws Exception {
        List<Map<String, Object>> result = (List<Map<String, Object>>) api("/api/v1/query", Map.of("query", promql)).get("result");
        if (result.isEmpty()) {
            return Double.NaN;
        }
        return result.stream().mapToDouble(s -> Double.parseDouble((String) ((List<Object>) s.get("value")).get(1))).sum();
    }

    private double await(String promql, DoublePredicate wanted, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        double v = value(promql);
        while (!wanted.test(v)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": " + promql + " = " + v);
            }
            Thread.sleep(250);
            v = value(promql);
        }
        return v;
    }

    @Test
    @Order(1)
    void allowedAndRefusedChecksMoveTheCountersPrometheusSees() throws Exception {
        String allowed = "sum(latchkey_token_checks_total{outcome=\"allowed\",kind=\"personal\"})";
        String unknown = "sum(latchkey_token_checks_total{outcome=\"refused\",reason=\"unknown\"})";
        String malformed = "sum(latchkey_token_checks_total{outcome=\"refused\",reason=\"malformed\"})";
        // the series exist from the start (at 0), so "before" is a number, not "no data"
        double allowed0 = await(allowed, v -> !Double.isNaN(v), "allowed series");
        double unknown0 = await(unknown, v -> !Double.isNaN(v), "unknown series");
        double malformed0 = await(malformed, v -> !Double.isNaN(v), "malformed series");

        for (int i = 0; i < 5; i++) {
            assertEquals(204, node.get("/api/auth/verify", "Bearer " + pat).statusCode());
        }
        for (int i = 0; i < 3; i++) {
            String guess = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
            assertEquals(401, node.get("/api/auth/verify", "Bearer " + guess).statusCode());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(401, node.get("/api/auth/verify", "Bearer lkp_short").statusCode());
        }

        await(allowed, v -> v == allowed0 + 5, "5 allowed checks");
        await(unknown, v -> v == unknown0 + 3, "3 unknown tokens");
        await(malformed, v -> v == malformed0 + 2, "2 malformed tokens");
        await("sum(latchkey_forward_auth_requests_total{outcome=\"unauthenticated\"})", v -> v >= 5, "forward-auth refusals");
    }

    @Test
    @Order(2)
    void everyDashboardQueryRunsInPrometheus() throws Exception {
        List<String> empty = new ArrayList<>();
        for (Dashboard.Target target : Dashboard.targets(json)) {
            // api() fails on a query Prometheus rejects
            Map<String, Object> data = api("/api/v1/query", Map.of("query", target.forPrometheus("1m")));
            if (((List<?>) data.get("result")).isEmpty()) {
                empty.add(target.panel());
            }
        }
        // the panels fed by what the test did are not empty
        for (String panel : List.of("Token checks per second by outcome", "Refusals by reason", "Cache hit ratio",
                "Connection pool saturation")) {
            assertFalse(empty.contains(panel), () -> panel + " has no data; empty: " + empty);
        }
    }

    @Test
    @Order(3)
    void theDashboardPictureIsDrawnFromPrometheusData() throws Exception {
        // a short load with a refusal burst in the middle, so the picture shows something happen
        Instant from = Instant.now();
        for (int second = 0; second < 24; second++) {
            int allowed = 8 + (second % 5);
            int refused = second >= 10 && second < 16 ? 12 : 1;
            for (int i = 0; i < allowed; i++) {
                node.get("/api/auth/verify", "Bearer " + pat);
            }
            for (int i = 0; i < refused; i++) {
                node.get("/api/auth/verify", "Bearer " + new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL));
            }
            if (second % 6 == 0) {
                MetricsNode.sendForm(node.publicPort, "/oauth/introspect", "Bearer " + pat, "token=" + pat);
            }
            Thread.sleep(1000);
        }
        Thread.sleep(2500);
        Instant to = Instant.now();
        List<DashboardPicture.Chart> charts = new ArrayList<>();
        List<Dashboard.Target> targets = Dashboard.targets(json);
        for (Dashboard.Target target : targets) {
            Map<String, Object> data = api("/api/v1/query_range", Map.of("query", target.forPrometheus("5s"),
                    "start", Long.toString(from.getEpochSecond()), "end", Long.toString(to.getEpochSecond()), "step", "1"));
            charts.add(DashboardPicture.chart(target, data));
        }
        // every panel of the dashboard is in the picture
        assertEquals(targets.stream().map(Dashboard.Target::panel).distinct().count(), charts.stream().map(DashboardPicture.Chart::title).distinct().count());
        assertTrue(charts.stream().anyMatch(c -> !c.series().isEmpty()), "no data to draw");

        Path html = dir.resolve("dashboard.html");
        Files.writeString(html, DashboardPicture.html(charts));
        Path png = Path.of("target/latchkey-dashboard.png");
        Files.deleteIfExists(png);
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            System.out.println("[latchkey-tests] dashboard picture SKIPPED: /usr/bin/chromium missing (apt-get install -y chromium)");
            return;
        }
        Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1680,1440", "--screenshot=" + png.toAbsolutePath(), html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.size(png) > 10_000, () -> "no picture: " + png);
        if ("true".equals(System.getenv("LATCHKEY_DOCS_RENDER"))) {
            Files.copy(png, Path.of("../../docs/img/grafana-dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
