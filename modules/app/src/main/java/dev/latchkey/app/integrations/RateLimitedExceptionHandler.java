package dev.latchkey.app.integrations;

import dev.latchkey.app.web.Problems;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** 429 problem+json with {@code Retry-After} (RFC 6585), so a well-behaved client knows how long to wait. */
@Produces
@Singleton
public class RateLimitedExceptionHandler implements ExceptionHandler<RateLimitedException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, RateLimitedException e) {
        return Problems.response(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "too many requests; retry after " + e.retryAfterSeconds() + " s",
                        Map.of("retryAfter", e.retryAfterSeconds()))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
}
