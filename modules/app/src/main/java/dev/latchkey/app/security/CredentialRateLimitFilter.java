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

import java.util.Map;

/**
 * Password guessing and mass sign-up are refused per client address before any password is
 * hashed (429 with Retry-After). Failed logins per account are throttled by the login provider.
 */
@ServerFilter(patterns = {"/login", "/api/signup"})
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
        if (request.getMethod() != HttpMethod.POST) {
            return null;
        }
        RateLimits.Limit limit = request.getPath().startsWith("/login") ? RateLimits.Limit.LOGIN : RateLimits.Limit.SIGNUP;
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
}
