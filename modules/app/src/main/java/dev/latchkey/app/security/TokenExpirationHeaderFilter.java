package dev.latchkey.app.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.security.authentication.Authentication;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code X-Latchkey-Token-Expiration: <ISO-8601 instant>} on every response to a request that a
 * token authenticated, when that token expires (like GitHub's
 * {@code GitHub-Authentication-Token-Expiration}). Set here, from the expiry every kind's resolver
 * attaches to the authentication ({@link LatchkeyTokenFetcher#TOKEN_EXPIRES_AT_ATTRIBUTE}), so no
 * route and no token kind can forget it; a session (JWT) or a token without expiry gets none.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class TokenExpirationHeaderFilter implements Ordered {
    static final String HEADER = "X-Latchkey-Token-Expiration";

    @ResponseFilter
    void addHeader(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getUserPrincipal(Authentication.class)
                .map(authentication -> authentication.getAttributes().get(LatchkeyTokenFetcher.TOKEN_EXPIRES_AT_ATTRIBUTE))
                .filter(Instant.class::isInstance)
                .map(expiry -> ((Instant) expiry).truncatedTo(ChronoUnit.SECONDS).toString())
                .ifPresent(expiry -> response.header(HEADER, expiry));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
