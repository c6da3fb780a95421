package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a resolver may know about the request besides the token.
 *
 * @param clientIp the client address as the app determined it (socket or trusted proxy);
 *                 null if unknown, which IP-restricted tokens refuse
 * @param now      the request time, passed in so every check in one request agrees on it
 */
public record RequestContext(String clientIp, Instant now) {

    public RequestContext {
        Objects.requireNonNull(now, "now");
    }
}
