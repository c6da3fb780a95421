package dev.latchkey.app.security;

import dev.latchkey.app.web.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;

/**
 * Refuses a request whose path is not canonical ({@link CanonicalPaths}) with a 400, before
 * authentication, the rate limits and the static files see it (only {@link SecurityHeadersFilter},
 * which touches nothing but the answer's headers, comes first).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class CanonicalPathFilter implements Ordered {

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseOtherSpellings(HttpRequest<?> request) {
        String problem = CanonicalPaths.problem(request.getUri().getRawPath());
        if (problem == null) {
            return null;
        }
        return Problems.response(HttpStatus.BAD_REQUEST, "non-canonical-path",
                problem + "; send the path in its canonical form", Map.of("field", "path"));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1;
    }
}
