package io.micronaut.configuration.metrics.binder.web;

import io.micronaut.configuration.metrics.annotation.RequiresMetrics;
import io.micronaut.configuration.metrics.binder.web.config.HttpMetricsConfig;
import io.micronaut.configuration.metrics.binder.web.config.HttpServerMeterConfig;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.SupplierUtil;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.UriRouteMatch;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Provider;

import java.util.function.Supplier;

import static io.micronaut.core.util.StringUtils.FALSE;

/**
 * Latchkey: Micronaut's {@code ServerMetricsFilter} (the {@code http_server_requests_seconds} timer),
 * run first instead of last. The library's filter has no {@code @Order}, which Micronaut sorts as
 * the lowest precedence: a filter that answers a request itself never reached it, so the token hot
 * paths' answers from the caches ({@code HotPathFilter}, {@code IntrospectionHotPath}) and every
 * refusal by the security filter (401, 403) were missing from the timer. This one replaces it and
 * times from the first filter on; it lives in the library's package only to hand the response to
 * the library's own {@code WebMetricsHelper}, so the series, its tags (method, status, route
 * template, exception) and its histogram are the library's, not a copy of them
 * (docs/operations.md, metrics; {@code DomainMetricsTest}).
 */
@ServerFilter("${micronaut.metrics.http.path:/**}")
@RequiresMetrics
@Requires(property = HttpMetricsConfig.ENABLED, notEquals = FALSE)
@Requires(condition = WebMetricsServerCondition.class)
@Replaces(ServerMetricsFilter.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class FirstServerMetricsFilter {
    private static final String START_ATTRIBUTE = FirstServerMetricsFilter.class.getName() + ".START";
    private static final String UNMATCHED_URI = "UNMATCHED_URI";
    private final Supplier<MeterRegistry> meterRegistry;
    private final boolean reportClientErrorURIs;

    public FirstServerMetricsFilter(Provider<MeterRegistry> meterRegistry, HttpMetricsConfig.ClientErrorsUrisConfig clientErrorsUris) {
        this.meterRegistry = SupplierUtil.memoized(meterRegistry::get);
        this.reportClientErrorURIs = clientErrorsUris.enabled();
    }

    @RequestFilter
    void onRequest(HttpRequest<?> request) {
        request.setAttribute(START_ATTRIBUTE, System.nanoTime());
    }

    @ResponseFilter
    void onResponse(HttpRequest<?> request, HttpResponse<?> response) {
        String path = request.getAttribute(HttpAttributes.ROUTE_INFO, UriRouteMatch.class)
                .map(match -> match.getRouteInfo().getUriMatchTemplate().toPathString())
                .orElseGet(() -> request.getAttribute(HttpAttributes.URI_TEMPLATE, String.class).orElse(UNMATCHED_URI));
        new WebMetricsHelper(meterRegistry.get(), path,
                request.getAttribute(START_ATTRIBUTE, Long.class).orElseGet(System::nanoTime),
                request.getMethod().toString(), HttpServerMeterConfig.REQUESTS_METRIC, null, reportClientErrorURIs)
                .onResponse(response);
    }
}
