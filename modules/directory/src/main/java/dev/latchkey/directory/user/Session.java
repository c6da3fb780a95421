package dev.latchkey.directory.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A login session as the session rules admitted it from its JWT: whose, its id ({@code jti}), the
 * epoch it was issued in ({@code sep}), and when it was issued and expires.
 */
public record Session(UUID userId, UUID sessionId, long epoch, Instant issuedAt, Instant expiresAt) {
    /** The JWT claim carrying the user's session epoch at login. */
    public static final String EPOCH_CLAIM = "sep";
    /** The request's {@code Authentication} attribute that holds the admitted {@link Session}. */
    public static final String ATTRIBUTE = "latchkey.session";
}
