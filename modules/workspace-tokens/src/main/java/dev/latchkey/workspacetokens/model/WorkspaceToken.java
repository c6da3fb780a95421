package dev.latchkey.workspacetokens.model;

import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A workspace API token as stored: the hash of the secret, never the secret. It acts for its
 * workspace (not for {@code createdBy}) with exactly its grant, and only in its workspace.
 *
 * @param issuedAt when the current secret was minted: lifetime rules of the workspace policy count from here
 * @param selfRotate whether the grant also lists {@code self-rotate}, beside whichever form it has
 */
@MappedEntity("workspace_tokens")
public record WorkspaceToken(
        @Id UUID id,
        UUID workspaceId,
        String name,
        @Nullable String note,
        String tokenHash,
        String hint,
        @Nullable String allProjectsRole,
        @Nullable String projectRoles,
        @Nullable UUID createdBy,
        @Nullable String ipRestrictions,
        Instant issuedAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable Instant revokedAt,
        @Nullable String permissions,
        @Nullable String typeId,
        @Nullable String typeName,
        boolean selfRotate) implements TokenRow<WorkspaceToken> {

    public WorkspaceGrant grant() {
        return WorkspaceGrant.fromStorage(allProjectsRole, projectRoles, permissions, selfRotate);
    }

    @Override
    public WorkspaceToken withSecret(String hash, String newHint, @Nullable Instant newExpiresAt, Instant now) {
        return new WorkspaceToken(id, workspaceId, name, note, hash, newHint, allProjectsRole, projectRoles, createdBy,
                ipRestrictions, now, createdAt, now, newExpiresAt, lastUsedAt, lastUsedIp, revokedAt, permissions, typeId, typeName, selfRotate);
    }

    @Override
    public WorkspaceToken withDetails(String newName, @Nullable String newNote, @Nullable String newIps, Instant now) {
        return new WorkspaceToken(id, workspaceId, newName, newNote, tokenHash, hint, allProjectsRole, projectRoles,
                createdBy, newIps, issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, revokedAt, permissions, typeId, typeName, selfRotate);
    }

    @Override
    public WorkspaceToken revoked(Instant now) {
        return new WorkspaceToken(id, workspaceId, name, note, tokenHash, hint, allProjectsRole, projectRoles, createdBy,
                ipRestrictions, issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, now, permissions, typeId, typeName, selfRotate);
    }

    @Override
    public String toString() {
        return "WorkspaceToken[id=" + id + ", workspace=" + workspaceId + ", hint=…" + hint + "]";
    }
}
