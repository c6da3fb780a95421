package dev.latchkey.app.governance;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every credential that can act in one workspace, in one read: the PATs of its members (limited
 * to it or to no workspace), its workspace tokens and its service users' tokens. Every branch is
 * bounded by the workspace id.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface CredentialInventoryRepository extends GenericRepository<CredentialRow, UUID> {

    @Query(value = "SELECT p.id, 'personal' AS kind, p.name, p.user_id AS owner_id, u.email AS owner_email,"
            + " p.workspace_id AS limited_to, p.hint, p.created_at, p.expires_at, p.last_used_at, p.last_used_ip, p.revoked_at"
            + " FROM personal_tokens p JOIN memberships m ON m.user_id = p.user_id AND m.workspace_id = :workspaceId"
            + " JOIN users u ON u.id = p.user_id"
            + " WHERE (p.workspace_id IS NULL OR p.workspace_id = :workspaceId)"
            + " UNION ALL"
            + " SELECT w.id, 'workspace' AS kind, w.name, w.created_by AS owner_id, u.email AS owner_email,"
            + " w.workspace_id AS limited_to, w.hint, w.created_at, w.expires_at, w.last_used_at, w.last_used_ip, w.revoked_at"
            + " FROM workspace_tokens w LEFT JOIN users u ON u.id = w.created_by WHERE w.workspace_id = :workspaceId"
            + " UNION ALL"
            + " SELECT s.id, 'service' AS kind, s.name, s.service_user_id AS owner_id, u.email AS owner_email,"
            + " s.workspace_id AS limited_to, s.hint, s.created_at, s.expires_at, s.last_used_at, s.last_used_ip, s.revoked_at"
            + " FROM service_tokens s JOIN users u ON u.id = s.service_user_id WHERE s.workspace_id = :workspaceId",
            nativeQuery = true)
    List<CredentialRow> inventory(UUID workspaceId);

    /**
     * Live tokens bound to a workspace (its workspace and service tokens, PATs limited to it) idle since
     * before {@code cutoff}: never used and created before it, or last used before it.
     */
    @Query(value = "SELECT p.id, 'personal' AS kind, p.name, p.user_id AS owner_id, NULL AS owner_email,"
            + " p.workspace_id AS limited_to, p.hint, p.created_at, p.expires_at, p.last_used_at, p.last_used_ip, p.revoked_at"
            + " FROM personal_tokens p WHERE p.workspace_id = :workspaceId AND p.revoked_at IS NULL"
            + " AND (p.expires_at IS NULL OR p.expires_at > :now) AND COALESCE(p.last_used_at, p.created_at) < :cutoff"
            + " UNION ALL"
            + " SELECT w.id, 'workspace' AS kind, w.name, w.created_by AS owner_id, NULL AS owner_email,"
            + " w.workspace_id AS limited_to, w.hint, w.created_at, w.expires_at, w.last_used_at, w.last_used_ip, w.revoked_at"
            + " FROM workspace_tokens w WHERE w.workspace_id = :workspaceId AND w.revoked_at IS NULL"
            + " AND (w.expires_at IS NULL OR w.expires_at > :now) AND COALESCE(w.last_used_at, w.created_at) < :cutoff"
            + " UNION ALL"
            + " SELECT s.id, 'service' AS kind, s.name, s.service_user_id AS owner_id, NULL AS owner_email,"
            + " s.workspace_id AS limited_to, s.hint, s.created_at, s.expires_at, s.last_used_at, s.last_used_ip, s.revoked_at"
            + " FROM service_tokens s WHERE s.workspace_id = :workspaceId AND s.revoked_at IS NULL"
            + " AND (s.expires_at IS NULL OR s.expires_at > :now) AND COALESCE(s.last_used_at, s.created_at) < :cutoff",
            nativeQuery = true)
    List<CredentialRow> idleSince(UUID workspaceId, Instant cutoff, Instant now);
}
