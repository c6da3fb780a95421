package dev.latchkey.servicetokens.persistence;

import dev.latchkey.servicetokens.model.ServiceToken;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every read names the workspace and the service user, except the look-up by secret hash, where
 * the hash itself is the bound (only the holder of the token can name it).
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ServiceTokenRepository extends CrudRepository<ServiceToken, UUID> {
    Optional<ServiceToken> findByTokenHash(String tokenHash);

    /** Revocation by id alone (RFC 7009, leak reports); one statement, so racing revocations revoke once. */
    @io.micronaut.data.annotation.Query("UPDATE service_tokens SET revoked_at = :now, updated_at = :now WHERE id = :id AND revoked_at IS NULL")
    long revokeIfNotRevoked(java.util.UUID id, java.time.Instant now);

    /** Re-keys a row found under an old pepper (see TokenIssuer.lookUp). */
    @io.micronaut.data.annotation.Query("UPDATE service_tokens SET token_hash = :tokenHash WHERE id = :id")
    void rekey(java.util.UUID id, String tokenHash);

    Optional<ServiceToken> findByWorkspaceIdAndServiceUserIdAndId(UUID workspaceId, UUID serviceUserId, UUID id);

    /** Locks the row: regenerate and revoke on one token are serialized, so two secrets are never live. */
    Optional<ServiceToken> findByWorkspaceIdAndServiceUserIdAndIdForUpdate(UUID workspaceId, UUID serviceUserId, UUID id);

    /** The live tokens of a service user, locked: deleting the user revokes them all. */
    List<ServiceToken> findByWorkspaceIdAndServiceUserIdAndRevokedAtIsNullForUpdate(UUID workspaceId, UUID serviceUserId);

    @Query(value = "SELECT * FROM service_tokens WHERE workspace_id = :workspaceId AND service_user_id = :userId"
            + " AND id > :after ORDER BY id LIMIT :limit")
    List<ServiceToken> page(UUID workspaceId, UUID userId, UUID after, int limit);

    @Query(value = "SELECT * FROM service_tokens WHERE workspace_id = :workspaceId AND service_user_id = :userId"
            + " AND id > :after AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now) ORDER BY id LIMIT :limit")
    List<ServiceToken> pageActive(UUID workspaceId, UUID userId, UUID after, Instant now, int limit);

    @Query(value = "SELECT * FROM service_tokens WHERE workspace_id = :workspaceId AND service_user_id = :userId"
            + " AND id > :after AND revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= :now ORDER BY id LIMIT :limit")
    List<ServiceToken> pageExpired(UUID workspaceId, UUID userId, UUID after, Instant now, int limit);

    @Query(value = "SELECT * FROM service_tokens WHERE workspace_id = :workspaceId AND service_user_id = :userId"
            + " AND id > :after AND revoked_at IS NOT NULL ORDER BY id LIMIT :limit")
    List<ServiceToken> pageRevoked(UUID workspaceId, UUID userId, UUID after, int limit);

    /** Last use only moves forward, so a late flush from another node cannot turn it back. */
    @Query("UPDATE service_tokens SET last_used_at = :at, last_used_ip = :ip"
            + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
    long recordLastUse(UUID id, Instant at, String ip);

    /** Live tokens (not revoked, not expired), for the cap (Caps). */
    @Query("SELECT COUNT(*) FROM service_tokens WHERE workspace_id = :workspaceId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
    long countActive(UUID workspaceId, Instant now);
}
