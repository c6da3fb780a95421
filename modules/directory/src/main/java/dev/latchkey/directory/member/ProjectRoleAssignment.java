package dev.latchkey.directory.member;

import dev.latchkey.authz.ProjectRole;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/** A MEMBER's role on one project of the workspace. NONE is never stored: no row means no access. */
@MappedEntity("member_project_roles")
public record ProjectRoleAssignment(@Id UUID id, UUID workspaceId, UUID userId, UUID projectId, ProjectRole role) {
}
