package dev.latchkey.pat.persistence;

import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.tokens.core.TokenStateSql;
import dev.latchkey.tokens.core.TokenTable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every read is bounded by the owning user, except the look-up by secret hash, where the hash
 * itself is the bound (only the holder of the token can name it).
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface PersonalTokenRepository extends CrudRepository<PersonalToken, UUID>, TokenTable<PersonalToken> {
    Optional<PersonalToken> findByTokenHash(String tokenHash);

    Optional<PersonalToken> findByUserIdAndId(UUID userId, UUID id);

    /** Locks the row: regenerate and revoke on one token are serialized, so two secrets are never live. */
    Optional<PersonalToken> findByUserIdAndIdForUpdate(UUID userId, UUID id);

    List<PersonalToken> findByUserIdAndIdIn(UUID userId, Collection<UUID> ids);

    /** One page of the owner's tokens in a state ({@link TokenStateSql#parameter}), in id order. */
    @Query(value = "SELECT * FROM personal_tokens WHERE user_id = :userId AND id > :after AND " + TokenStateSql.FILTER
            + " ORDER BY id LIMIT :limit")
    List<PersonalToken> page(UUID userId, UUID after, String state, Instant now, int limit);

    /** Re-keys a row found under an old pepper (see TokenIssuer.lookUp). */
    @Query("UPDATE personal_tokens SET token_hash = :tokenHash WHERE id = :id")
    void rekey(UUID id, String tokenHash);

    /**
     * Revocation by id alone, for RFC 7009 and leak reports, where holding the secret (or a report of
     * it) is the bound; one statement, so two racing revocations revoke (and audit) once.
     */
    @Query("UPDATE personal_tokens SET revoked_at = :now, updated_at = :now WHERE id = :id AND revoked_at IS NULL")
    long revokeIfNotRevoked(UUID id, Instant now);

    /** For the new-address check at flush time. */
    Optional<String> findLastUsedIpById(UUID id);

    /**
     * Last use only moves forward, so a late flush from another node cannot turn it back. An equal
     * time is taken: MariaDB behind mysql-connector-j keeps whole seconds, and a later use within
     * the same second (perhaps from a new address) must still be written.
     */
    @Query("UPDATE personal_tokens SET last_used_at = :at, last_used_ip = :ip"
            + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :at)")
    long recordLastUse(UUID id, Instant at, String ip);

    /** Live tokens (not revoked, not expired), for the cap (Caps). */
    @Query("SELECT COUNT(*) FROM personal_tokens WHERE user_id = :userId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
    long countActive(UUID userId, Instant now);

    /** Live tokens of a user limited to one workspace, for the workspace's {@code maxTokensPerUser}. */
    @Query("SELECT COUNT(*) FROM personal_tokens WHERE user_id = :userId AND workspace_id = :workspaceId"
            + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
    long countActiveInWorkspace(UUID userId, UUID workspaceId, Instant now);
}
