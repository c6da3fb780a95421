package dev.latchkey.directory.tokentypes;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A workspace's custom token type as stored: a named permission set chosen instead of listing
 * permissions. Every query names the workspace.
 *
 * @param permissions catalogue keys, space-separated in catalogue order ({@code PermissionList.encode})
 */
@MappedEntity("token_types")
public record TokenType(@Id UUID id, UUID workspaceId, String name, String description, String permissions,
                        Instant createdAt, Instant updatedAt) {
}
