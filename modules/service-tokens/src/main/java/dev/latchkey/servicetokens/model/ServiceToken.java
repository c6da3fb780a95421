package dev.latchkey.servicetokens.model;

import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A service user's token as stored: the hash of the secret, never the secret. Its grant (see
 * {@link ServiceGrant}) is all its service user holds, so the grant is both the token's ceiling
 * and its subject's rights.
 *
 * @param issuedAt when the current secret was minted: lifetime rules of the workspace policy count from here
 */
@MappedEntity("service_tokens")
public record ServiceToken(
        @Id UUID id,
        UUID workspaceId,
        UUID serviceUserId,
        String name,
        @Nullable String note,
        String tokenHash,
        String hint,
        String permissions,
        boolean allProjects,
        @Nullable String projectIds,
        @Nullable String ipRestrictions,
        Instant issuedAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable Instant revokedAt,
        @Nullable String typeId,
        @Nullable String typeName) implements TokenRow<ServiceToken> {

    public ServiceGrant grant() {
        return ServiceGrant.fromStorage(permissions, allProjects, projectIds);
    }

    @Override
    public ServiceToken withSecret(String hash, String newHint, @Nullable Instant newExpiresAt, Instant now) {
        return new ServiceToken(id, workspaceId, serviceUserId, name, note, hash, newHint, permissions, allProjects,
                projectIds, ipRestrictions, now, createdAt, now, newExpiresAt, lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    @Override
    public ServiceToken withDetails(String newName, @Nullable String newNote, @Nullable String newIps, Instant now) {
        return new ServiceToken(id, workspaceId, serviceUserId, newName, newNote, tokenHash, hint, permissions,
                allProjects, projectIds, newIps, issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    @Override
    public ServiceToken revoked(Instant now) {
        return new ServiceToken(id, workspaceId, serviceUserId, name, note, tokenHash, hint, permissions, allProjects,
                projectIds, ipRestrictions, issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, now, typeId, typeName);
    }

    @Override
    public String toString() {
        return "ServiceToken[id=" + id + ", serviceUser=" + serviceUserId + ", hint=…" + hint + "]";
    }
}
