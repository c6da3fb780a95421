package dev.latchkey.pat.model;

import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's personal access token as stored: the hash of the secret, never the secret. Scopes are
 * a ceiling: the token does what its user may do right now, and no more than its scopes.
 *
 * @param workspaceId the one workspace the token is limited to, or null for every workspace of its user
 * @param issuedAt    when the current secret was minted: lifetime rules of the workspace policy count from here
 */
@MappedEntity("personal_tokens")
public record PersonalToken(
        @Id UUID id,
        UUID userId,
        String name,
        @Nullable String note,
        String tokenHash,
        String hint,
        String scopes,
        @Nullable UUID workspaceId,
        @Nullable String ipRestrictions,
        Instant issuedAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        @Nullable Instant revokedAt,
        @Nullable String typeId,
        @Nullable String typeName) implements TokenRow<PersonalToken> {

    @Override
    public PersonalToken withSecret(String hash, String newHint, @Nullable Instant newExpiresAt, Instant now) {
        return new PersonalToken(id, userId, name, note, hash, newHint, scopes, workspaceId, ipRestrictions,
                now, createdAt, now, newExpiresAt, lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    @Override
    public PersonalToken withDetails(String newName, @Nullable String newNote, @Nullable String newIps, Instant now) {
        return new PersonalToken(id, userId, newName, newNote, tokenHash, hint, scopes, workspaceId, newIps,
                issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, revokedAt, typeId, typeName);
    }

    @Override
    public PersonalToken revoked(Instant now) {
        return new PersonalToken(id, userId, name, note, tokenHash, hint, scopes, workspaceId, ipRestrictions,
                issuedAt, createdAt, now, expiresAt, lastUsedAt, lastUsedIp, now, typeId, typeName);
    }

    @Override
    public String toString() {
        return "PersonalToken[id=" + id + ", user=" + userId + ", hint=…" + hint + "]";
    }
}
