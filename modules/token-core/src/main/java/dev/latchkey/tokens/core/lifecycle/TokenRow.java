package dev.latchkey.tokens.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored token of any kind as the lifecycle sees it: the fields every kind keeps, and the three
 * changes every kind makes the same way. Each kind's entity implements it; what the kind keeps
 * besides (its grant, its subject) the lifecycle never touches.
 */
public interface TokenRow<T extends TokenRow<T>> {
    UUID id();

    String name();

    /** Null when there is none. */
    String note();

    String tokenHash();

    String hint();

    /** {@link dev.latchkey.tokens.core.IpRestrictions#storageForm()}, null when unrestricted. */
    String ipRestrictions();

    /** When the current secret was minted: lifetimes count from here. */
    Instant issuedAt();

    /** Null for a token that never expires. */
    Instant expiresAt();

    /** Null while not revoked. */
    Instant revokedAt();

    /** The workspace whose token policy binds the token; null only for a PAT not limited to one. */
    UUID workspaceId();

    /** A new secret issued at {@code now}: the issue time moves, the id and grant stay. */
    T withSecret(String hash, String hint, Instant expiresAt, Instant now);

    T withDetails(String name, String note, String ipRestrictions, Instant now);

    T revoked(Instant now);

    /** The lifetime the token was given when its current secret was minted; null for "never". */
    default Duration lifetime() {
        return expiresAt() == null ? null : Duration.between(issuedAt(), expiresAt());
    }
}
