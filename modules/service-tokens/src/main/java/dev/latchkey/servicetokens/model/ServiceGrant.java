package dev.latchkey.servicetokens.model;

import dev.latchkey.authz.Grants;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Rights;
import dev.latchkey.authz.Scope;
import dev.latchkey.tokens.core.PermissionList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a service token grants: a permission list on every project of its workspace (present and
 * future) or on a list of projects. Valid by construction: {@code ServiceTokens} checks requests
 * before one is made.
 */
public record ServiceGrant(Set<Permission> permissions, boolean allProjects, List<UUID> projectIds) {

    public ServiceGrant {
        permissions = Set.copyOf(permissions);
        projectIds = List.copyOf(projectIds);
        if (allProjects == !projectIds.isEmpty()) {
            throw new IllegalArgumentException("a grant is on all projects or on a list of projects, not both or neither");
        }
    }

    /** The rights the grant confers in its workspace; a service user holds exactly these. */
    public Rights rights(UUID workspaceId) {
        String source = "service token permissions";
        List<dev.latchkey.authz.Grant> grants = new ArrayList<>();
        if (allProjects) {
            grants.addAll(Grants.permissionsOn(new Scope.AllProjects(workspaceId), permissions, source + " on every project"));
        } else {
            for (UUID projectId : projectIds) {
                grants.addAll(Grants.permissionsOn(new Scope.Project(workspaceId, projectId), permissions,
                        source + " on project " + projectId));
            }
        }
        return Rights.of(grants);
    }

    public String storedPermissions() {
        return PermissionList.encode(permissions);
    }

    /** Comma-separated project ids, null for an all-projects grant. */
    public String storedProjectIds() {
        return allProjects ? null : projectIds.stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    public static ServiceGrant fromStorage(String permissions, boolean allProjects, String projectIds) {
        List<UUID> ids = allProjects || projectIds == null || projectIds.isEmpty() ? List.of()
                : Arrays.stream(projectIds.split(",")).map(UUID::fromString).toList();
        return new ServiceGrant(PermissionList.decode(permissions), allProjects, ids);
    }
}
