package dev.latchkey.app.integrations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One access rule of a workspace as stored: requests matching {@code methods}, {@code host} and
 * {@code path} need {@code permission}. Every query names the workspace.
 *
 * @param methods upper-case, comma-separated; null = any method
 * @param host    lower-case, optionally with a port; null = any host
 */
@MappedEntity("access_rules")
record AccessRule(@Id UUID id, UUID workspaceId, @Nullable String methods, @Nullable String host, String path,
                  String permission, Instant createdAt, Instant updatedAt) {
}
