package dev.latchkey.app.integrations;

import dev.latchkey.app.security.LatchkeyTokenFetcher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;

import java.util.Optional;

/**
 * The forward-auth hot path (issue #18): a proxy asks {@code /api/auth/verify} or
 * {@code /api/auth/forward} about the same busy token again and again, and the answer is usually
 * in this node's caches. This filter answers such a request right before the security filter, so
 * it skips what the framework adds around a route for it (the security filter's reactive fetch and
 * rule walk, argument binding, the controller's reactive wrapping), which cost several times the
 * token check itself in the profile (docs/performance.md).
 *
 * <p>Nothing is decided here: the token is judged by the same fetcher and {@code TokenAuthenticator}
 * (refusal reasons, audit, last use and metrics included), and the answer is the route's own
 * ({@link ProxyAuthEndpoint#answerFromCache}: same question, same engine check, same responses and
 * counters). Skipping the security rules changes nothing for these routes: both are
 * {@code @Secured(IS_ANONYMOUS)} and decide for themselves. Anything not answerable from the
 * caches, or any request the router did not match to these routes, goes on to the route as before;
 * the filters before this one (security headers, request id, path canonicalisation, Basic
 * credentials) run for every request either way, and so does the HTTP timer, which runs first
 * ({@code FirstServerMetricsFilter}): the answers given here are timed like any route's.
 */
@ServerFilter({"/api/auth/verify", "/api/auth/forward"})
class HotPathFilter implements RightBeforeSecurity {
    private final LatchkeyTokenFetcher fetcher;
    private final ForwardAuthController verify;
    private final AccessRuleForwardController forward;

    HotPathFilter(LatchkeyTokenFetcher fetcher, ForwardAuthController verify, AccessRuleForwardController forward) {
        this.fetcher = fetcher;
        this.verify = verify;
        this.forward = forward;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> answerFromCache(HttpRequest<?> request) {
        ProxyAuthEndpoint endpoint = endpointOf(request);
        if (endpoint == null) {
            return null;
        }
        Optional<Optional<Authentication>> judged = fetcher.authenticateFromCache(request);
        if (judged.isEmpty()) {
            return null;
        }
        return endpoint.answerFromCache(request, judged.get().orElse(null));
    }

    /** The endpoint of the route the router matched (so every spelling it accepts), or null for any other. */
    @Nullable
    private ProxyAuthEndpoint endpointOf(HttpRequest<?> request) {
        return switch (routeOf(request)) {
            case "/api/auth/verify" -> verify;
            case "/api/auth/forward" -> forward;
            default -> null;
        };
    }

    /**
     * The template of the route the router matched to this request ("" for none): a hot path
     * answers for its route whatever spelling of the path reached it, and for nothing else.
     */
    static String routeOf(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request).orElse(null) instanceof UriRouteInfo<?, ?> route
                ? route.getUriMatchTemplate().toString() : "";
    }
}
