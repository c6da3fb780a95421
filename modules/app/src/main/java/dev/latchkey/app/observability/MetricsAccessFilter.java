package dev.latchkey.app.observability;

import dev.latchkey.app.config.MetricsSettings;
import dev.latchkey.app.web.Problems;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may read {@code /prometheus} (docs/security.md, "Metrics and health details"): on the
 * management port ({@code endpoints.all.port}) anyone who reaches it, since only the operators'
 * network should; on the public listener only a scraper that sends
 * {@code Authorization: Bearer <latchkey.metrics.scrape-token>}, compared in constant time; with no
 * scrape token configured the public listener answers 404, as for any unknown path.
 */
@ServerFilter("/prometheus")
class MetricsAccessFilter implements Ordered {
    private final byte[] expected;
    private final int managementPort;

    MetricsAccessFilter(MetricsSettings settings, @Value("${endpoints.all.port:-1}") int managementPort) {
        this.expected = settings.scrapeToken() == null ? null
                : ("Bearer " + settings.scrapeToken()).getBytes(StandardCharsets.UTF_8);
        this.managementPort = managementPort;
    }

    @Override
    public int getOrder() {
        // after the canonical-path check, before authentication looks at the Authorization header
        return HIGHEST_PRECEDENCE + 2;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> guard(HttpRequest<?> request) {
        if (managementPort > 0) {
            // the endpoint is routed on the management port only; the public listener already answers 404
            return null;
        }
        if (expected == null) {
            return Problems.response(HttpStatus.NOT_FOUND, "not-found", "no such resource", Map.of());
        }
        String presented = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Problems.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                "metrics need the scrape token (latchkey.metrics.scrape-token) as a bearer token", Map.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"latchkey-metrics\"");
    }
}
