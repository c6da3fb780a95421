package dev.latchkey.directory.member;

import dev.latchkey.authz.WorkspaceRole;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A human's place in a workspace. MEMBERs additionally hold per-project roles ({@link ProjectRoleAssignment}). */
@MappedEntity("memberships")
public record Membership(@Id UUID id, UUID workspaceId, UUID userId, WorkspaceRole role, Instant createdAt, Instant updatedAt) {
}
