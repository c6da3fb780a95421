package dev.latchkey.workspacetokens.persistence;

import dev.latchkey.workspacetokens.model.WorkspaceToken;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every read is bounded by the owning workspace, except the look-up by secret hash, where the hash
 * itself is the bound (only the holder of the token can name it). No bare findById is used.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface WorkspaceTokenRepository extends CrudRepository<WorkspaceToken, UUID> {
    Optional<WorkspaceToken> findByTokenHash(String tokenHash);

    /** Revocation by id alone (RFC 7009, leak reports); one statement, so racing revocations revoke once. */
    @io.micronaut.data.annotation.Query("UPDATE workspace_tokens SET revoked_at = :now, updated_at = :now WHERE id = :id AND revoked_at IS NULL")
    long revokeIfNotRevoked(java.util.UUID id, java.time.Instant now);

    /** Re-keys a row found under an old pepper (see TokenIssuer.lookUp). */
    @io.micronaut.data.annotation.Query("UPDATE workspace_tokens SET token_hash = :tokenHash WHERE id = :id")
    void rekey(java.util.UUID id, String tokenHash);

    Optional<WorkspaceToken> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

    /** Locks the row: regenerate and revoke on one token are serialized, so two secrets are never live. */
    Optional<WorkspaceToken> findByWorkspaceIdAndIdForUpdate(UUID workspaceId, UUID id);

    @Query(value = "SELECT * FROM workspace_tokens WHERE workspace_id = :workspaceId AND id > :after ORDER BY id LIMIT :limit")
    List<WorkspaceToken> page(UUID workspaceId, UUID after, int limit);

    @Query(value = "SELECT * FROM workspace_tokens WHERE workspace_id = :workspaceId AND id > :after AND revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > :now) ORDER BY id LIMIT :limit")
    List<WorkspaceToken> pageActive(UUID workspaceId, UUID after, Instant now, int limit);

    @Query(value = "SELECT * FROM workspace_tokens WHERE workspace_id = :workspaceId AND id > :after AND revoked_at IS NULL"
            + " AND expires_at IS NOT NULL AND expires_at <= :now ORDER BY id LIMIT :limit")
    List<WorkspaceToken> pageExpired(UUID workspaceId, UUID after, Instant now, int limit);

    @Query(value = "SELECT * FROM workspace_tokens WHERE workspace_id = :workspaceId AND id > :after"
            + " AND revoked_at IS NOT NULL ORDER BY id LIMIT :limit")
    List<WorkspaceToken> pageRevoked(UUID workspaceId, UUID after, int limit);

    /** Last use only moves forward, so a late flush from another node cannot turn it back. */
    @Query("UPDATE workspace_tokens SET last_used_at = :at, last_used_ip = :ip"
            + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
    long recordLastUse(UUID id, Instant at, String ip);

    /** Live tokens (not revoked, not expired), for the cap (Caps). */
    @Query("SELECT COUNT(*) FROM workspace_tokens WHERE workspace_id = :workspaceId AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)")
    long countActive(UUID workspaceId, Instant now);
}
