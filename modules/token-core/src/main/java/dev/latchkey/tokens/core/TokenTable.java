package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The reads and writes by hash and by id that every kind's token table answers alike; each kind's
 * repository implements it, so {@link StoredTokenResolver} looks up, re-keys and revokes once for
 * all kinds, and {@link dev.latchkey.tokens.core.lifecycle.TokenLifecycle} writes rows once for all kinds.
 *
 * @param <R> the stored row
 */
public interface TokenTable<R> {
    /** Stores a new row. */
    R save(R row);

    /** Stores a changed row. */
    R update(R row);

    Optional<R> findByTokenHash(String tokenHash);

    Optional<R> findById(UUID id);

    /** Re-keys a row found under an old pepper (see {@link TokenIssuer#lookUp}). */
    void rekey(UUID id, String tokenHash);

    /** Revocation by id alone; one statement, so two racing revocations revoke (and audit) once. Rows changed. */
    long revokeIfNotRevoked(UUID id, Instant now);

    /**
     * For the new-address check at last-use flush time: the stored last-use addresses of these
     * tokens (a token without one is absent), in one query for a bounded batch of ids.
     */
    Map<UUID, String> findLastUsedIpsByIds(Collection<UUID> ids);

    /** Stores a last use unless a later one is stored (see {@link LastUsedSink#recordLastUse}); rows changed. */
    long recordLastUse(UUID id, Instant at, String ip);
}
