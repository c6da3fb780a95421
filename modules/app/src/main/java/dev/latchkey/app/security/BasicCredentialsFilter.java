package dev.latchkey.app.security;

import dev.latchkey.app.web.Problems;
import dev.latchkey.tokens.core.TokenFormat;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.Map;

/**
 * HTTP Basic is a Latchkey token in the password field, never email:password (DESIGN "Authentication").
 * A Basic header whose password is not shaped like a token is refused here, on every route and
 * before the security filter, so no password hash ever runs for it and no route can take it for a
 * login. Micronaut Security's own Basic fetcher is switched off as well
 * ({@code micronaut.security.basic-auth.enabled: false}); this filter is what makes the rule hold
 * whatever that setting says.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class BasicCredentialsFilter implements Ordered {
    static final String BASIC_CHALLENGE = "Basic realm=\"latchkey\", charset=\"UTF-8\"";

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseBasicWithoutToken(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (!BasicCredentials.isBasic(authorization)
                || BasicCredentials.password(authorization).filter(TokenFormat::looksLikeLatchkeyToken).isPresent()) {
            return null;
        }
        return Problems.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                        "HTTP Basic takes a Latchkey token as the password; sign in with POST /login instead",
                        Map.of("reason", "basic_requires_token"))
                .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"latchkey\"");
    }
}
