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

    /** When the current secret was minted: the workspace's lifetime rules count from here. */
    Instant issuedAt();

    /** The workspace whose token policy binds the token at every use; null only for a PAT not limited to one. */
    UUID workspaceId();
}
