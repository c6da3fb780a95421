package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.UUID;

/** The parts of a stored token that every kind checks the same way, whatever else it keeps. */
public interface StoredToken {
    UUID tokenId();

    /** Null while not revoked. */
    Instant revokedAt();

    /** Null for a token that never expires. */
    Instant expiresAt();

    IpRestrictions ip();
}
