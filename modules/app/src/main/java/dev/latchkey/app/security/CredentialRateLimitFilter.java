package dev.latchkey.app.security;

import dev.latchkey.app.integrations.RateLimitedException;
import dev.latchkey.app.integrations.RateLimits;
import dev.latchkey.app.web.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;

import java.util.Map;

/**
 * Password guessing and mass sign-up are refused per client address before any password is
 * hashed (429 with Retry-After). Failed logins per account are throttled by the login provider.
 * Which limit applies is decided by the route the request matched, not by its path string, so any
 * spelling the router accepts for a route is limited as that route (the path-spelling hole of
 * issue #12; {@link CanonicalPathFilter} refuses odd spellings before this runs as well).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class CredentialRateLimitFilter {
    private final RateLimits limits;
    private final ClientAddresses clientAddresses;

    CredentialRateLimitFilter(RateLimits limits, ClientAddresses clientAddresses) {
        this.limits = limits;
        this.clientAddresses = clientAddresses;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        RateLimits.Limit limit = limitOf(request);
        if (limit == null) {
            return null;
        }
        try {
            limits.consume(limit, clientAddresses.of(request));
            return null;
        } catch (RateLimitedException e) {
            return Problems.response(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "too many attempts from this address; try again in " + e.retryAfterSeconds() + " s",
                    Map.of("retryAfter", e.retryAfterSeconds()))
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
    }

    @Nullable
    private static RateLimits.Limit limitOf(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST
                || !(RouteAttributes.getRouteInfo(request).orElse(null) instanceof UriRouteInfo<?, ?> route)) {
            return null;
        }
        return switch (route.getUriMatchTemplate().toString()) {
            case "/login" -> RateLimits.Limit.LOGIN;
            case "/api/signup" -> RateLimits.Limit.SIGNUP;
            default -> null;
        };
    }
}
