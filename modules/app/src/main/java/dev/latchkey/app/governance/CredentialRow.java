package dev.latchkey.app.governance;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One credential of any kind as the inventory reads it (a row of {@link CredentialInventoryRepository}'s
 * union query; never written). {@code limitedTo} is the workspace a PAT is limited to (null: it
 * reaches all its owner's workspaces); for workspace and service tokens it is the workspace itself.
 */
@MappedEntity("credential_inventory")
public record CredentialRow(@Id UUID id, String kind, String name, @Nullable UUID ownerId, @Nullable String ownerEmail,
                            @Nullable UUID limitedTo, String hint, Instant createdAt, @Nullable Instant expiresAt,
                            @Nullable Instant lastUsedAt, @Nullable String lastUsedIp, @Nullable Instant revokedAt) {
    public static final String PERSONAL = "personal";
    public static final String WORKSPACE = "workspace";
    public static final String SERVICE = "service";

    /** The instant from which "unused" counts: the last use, or the creation for a never-used token. */
    public Instant idleSince() {
        return lastUsedAt != null ? lastUsedAt : createdAt;
    }
}
