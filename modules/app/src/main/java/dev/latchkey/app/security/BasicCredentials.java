package dev.latchkey.app.security;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads {@code Authorization: Basic} the way every part of Latchkey must agree on: the scheme in
 * any case, the password after the first colon. Basic carries a Latchkey token as the password
 * (Git over HTTP) and nothing else; deciding that is {@link BasicCredentialsFilter}'s job.
 */
final class BasicCredentials {
    private static final String SCHEME = "Basic ";

    private BasicCredentials() {
    }

    /** "Basic" in any case, with or without credentials after it (a bare "Basic" is still a Basic attempt). */
    static boolean isBasic(@Nullable String authorization) {
        return authorization != null && (authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.strip().equalsIgnoreCase(SCHEME.strip()));
    }

    /** The password of a Basic header; empty if the header is not Basic or cannot be decoded. */
    static Optional<String> password(@Nullable String authorization) {
        if (!isBasic(authorization)) {
            return Optional.empty();
        }
        try {
            String encoded = authorization.strip().substring(SCHEME.strip().length()).trim();
            String decoded = new String(Base64.getDecoder().decode(encoded),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
