package dev.latchkey.app.observability;

import dev.latchkey.directory.common.Spans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23, item 5: optional OpenTelemetry tracing. With {@code latchkey.tracing.enabled} the real
 * SDK and its OTLP/HTTP exporter send a verify request's spans to a receiver on 127.0.0.1
 * ({@link OtlpReceiver}); without it, none of the tracing machinery exists in the node.
 */
class TracingTest {
    private static final int SERVER = 2; // OTLP SpanKind

    @Test
    void aVerifyRequestIsTracedAsServerSpanWithResolveCheckAndDatabaseChildrenAndNoTokenInAnyAttribute() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
             MetricsNode node = MetricsNode.withManagementPort(Map.of(
                     "latchkey.tracing.enabled", "true",
                     "otel.exporter.otlp.endpoint", receiver.endpoint(),
                     "otel.bsp.schedule.delay", "100"))) {
            String session = node.newUserSession();
            String pat = node.mintPat(session, List.of("user:read"));

            HttpResponse<String> verify = node.get("/api/auth/verify?permission=user:read", "Bearer " + pat);
            assertEquals(204, verify.statusCode(), verify.body());

            Map<String, OtlpReceiver.ReceivedSpan> byId = awaitSpans(receiver, spans -> spans.stream().anyMatch(s ->
                    s.kind() == SERVER && s.attributes().getOrDefault("url.query", "").contains("permission=user:read")
                            && spans.stream().anyMatch(c -> c.name().equals(Spans.CHECK) && c.traceId().equals(s.traceId()))));
            OtlpReceiver.ReceivedSpan server = byId.values().stream()
                    .filter(s -> s.kind() == SERVER && s.attributes().getOrDefault("url.query", "").contains("permission=user:read"))
                    .findFirst().orElseThrow();
            List<OtlpReceiver.ReceivedSpan> trace = byId.values().stream().filter(s -> s.traceId().equals(server.traceId())).toList();

            OtlpReceiver.ReceivedSpan resolve = only(trace, Spans.RESOLVE, "storage");
            assertTrue(descendsFrom(resolve, server, byId), () -> "resolve under the request's span: " + describe(trace));
            assertEquals("allowed", resolve.attributes().get("latchkey.token.outcome"));
            assertEquals("personal", resolve.attributes().get("latchkey.token.kind"));

            List<OtlpReceiver.ReceivedSpan> queries = trace.stream()
                    .filter(s -> s.attributes().containsKey("db.system") || s.attributes().containsKey("db.system.name")).toList();
            assertFalse(queries.isEmpty(), () -> "the token came from storage, so its queries are spans: " + describe(trace));
            assertTrue(queries.stream().anyMatch(q -> descendsFrom(q, resolve, byId)),
                    () -> "the token's queries run inside the resolve span: " + describe(trace));

            OtlpReceiver.ReceivedSpan check = trace.stream().filter(s -> s.name().equals(Spans.CHECK)).findFirst().orElseThrow();
            assertTrue(descendsFrom(check, server, byId), () -> "the engine's check under the request's span: " + describe(trace));
            assertEquals("user:read", check.attributes().get("latchkey.permission"));
            assertEquals("allowed", check.attributes().get("latchkey.decision.reason"));

            // the token, and its secret part alone, appear in no attribute and nowhere in what was exported
            String secret = pat.substring(pat.indexOf('_') + 1);
            String exported = new String(receiver.raw(), StandardCharsets.ISO_8859_1);
            assertFalse(exported.contains(secret), "the token's secret left the node in a span");
            for (OtlpReceiver.ReceivedSpan span : byId.values()) {
                span.attributes().forEach((key, value) -> assertFalse(value != null && value.contains(secret.substring(0, 12)),
                        () -> span.name() + " carries the token in " + key));
            }
            assertFalse(exported.contains(MetricsNode.PASSWORD), "the password left the node in a span");

            DataSource wrapped = node.context.getBean(DataSource.class);
            assertTrue(dev.latchkey.app.support.DataSourceLayers.traced(wrapped),
                    () -> "statements are traced through the wrapper: " + dev.latchkey.app.support.DataSourceLayers.of(wrapped));
            // the pool behind the tracing DataSource wrapper is still the one the metrics describe
            String scrape = node.scrape();
            for (String series : List.of("hikaricp_connections_active", "hikaricp_connections_idle",
                    "hikaricp_connections_pending", "hikaricp_connections_max")) {
                assertTrue(MetricsNode.names(scrape).contains(series), () -> series + " missing with tracing on");
            }
            assertTrue(MetricsNode.sum(scrape, "hikaricp_connections_max") > 0, "the pool's size is reported");

            // background work (journal polls every few hundred ms, flushes) starts no trace of its own
            List<OtlpReceiver.ReceivedSpan> roots = byId.values().stream().filter(s -> s.parentSpanId().isEmpty()).toList();
            assertTrue(roots.stream().allMatch(s -> s.kind() == SERVER), () -> "traces that are not requests: " + describe(roots));
        }
    }

    @Test
    void withTracingOffTheNodeHasNoTracerNoTracingFilterAndAnUnwrappedDataSource() throws Exception {
        try (MetricsNode node = MetricsNode.withManagementPort(Map.of())) {
            assertFalse(node.context.containsBean(OpenTelemetry.class), "no OpenTelemetry SDK when tracing is off");
            assertFalse(node.context.containsBean(Tracer.class), "no tracer when tracing is off");
            assertTrue(node.context.getBeanDefinitions(io.micronaut.http.filter.HttpServerFilter.class).stream()
                            .noneMatch(d -> d.getBeanType().getName().contains("opentelemetry")),
                    "the HTTP tracing filter does not run when tracing is off");
            // every layer of it, behind Micronaut Data's own proxy and the database circuit
            DataSource dataSource = node.context.getBean(DataSource.class);
            assertFalse(dev.latchkey.app.support.DataSourceLayers.traced(dataSource),
                    () -> "statements are not wrapped when tracing is off: " + dev.latchkey.app.support.DataSourceLayers.of(dataSource));
            String session = node.newUserSession();
            String pat = node.mintPat(session, List.of("user:read"));
            assertEquals(204, node.get("/api/auth/verify?permission=user:read", "Bearer " + pat).statusCode());
        }
    }

    private static Map<String, OtlpReceiver.ReceivedSpan> awaitSpans(OtlpReceiver receiver,
                                                                    java.util.function.Predicate<List<OtlpReceiver.ReceivedSpan>> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<OtlpReceiver.ReceivedSpan> spans = receiver.spans();
        while (!ready.test(spans) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            spans = receiver.spans();
        }
        List<OtlpReceiver.ReceivedSpan> last = spans;
        assertTrue(ready.test(spans), () -> "spans received: " + describe(last));
        return spans.stream().collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::spanId, Function.identity(), (a, b) -> a, HashMap::new));
    }

    private static OtlpReceiver.ReceivedSpan only(List<OtlpReceiver.ReceivedSpan> trace, String name, String source) {
        List<OtlpReceiver.ReceivedSpan> found = trace.stream()
                .filter(s -> s.name().equals(name) && source.equals(s.attributes().get("latchkey.token.source"))).toList();
        assertEquals(1, found.size(), () -> name + " from " + source + " once in " + describe(trace));
        return found.get(0);
    }

    private static boolean descendsFrom(OtlpReceiver.ReceivedSpan span, OtlpReceiver.ReceivedSpan ancestor,
                                        Map<String, OtlpReceiver.ReceivedSpan> byId) {
        Optional<OtlpReceiver.ReceivedSpan> at = Optional.ofNullable(byId.get(span.parentSpanId()));
        while (at.isPresent()) {
            if (at.get().spanId().equals(ancestor.spanId())) {
                return true;
            }
            at = Optional.ofNullable(byId.get(at.get().parentSpanId()));
        }
        return false;
    }

    private static String describe(List<OtlpReceiver.ReceivedSpan> spans) {
        return spans.stream().map(s -> s.name() + "[" + s.spanId() + "<-" + s.parentSpanId() + "]").collect(Collectors.joining(", "));
    }
}
