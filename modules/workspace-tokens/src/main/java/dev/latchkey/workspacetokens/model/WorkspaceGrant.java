package dev.latchkey.workspacetokens.model;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Scope;
import dev.latchkey.tokens.core.PermissionList;
import java.util.EnumSet;
import java.util.Set;

import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.ProjectRole;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a workspace token may do: one project role on every project of its workspace (present and
 * future: an all-projects scope, not a list), or a role per named project, where a project left out
 * or given NONE is not reachable at all; or, for a token made with a token type, the type's
 * permissions (copied at creation) on every project of its workspace. Exactly one form is set.
 * Beside any form the grant may list {@code self-rotate} ({@code selfRotate}): no project role implies
 * it, so it is asked for on its own, as a PAT lists it among its scopes.
 */
public record WorkspaceGrant(@Nullable ProjectRole allProjects, Map<UUID, ProjectRole> projects,
                             Set<Permission> permissions, boolean selfRotate) {

    public WorkspaceGrant {
        Objects.requireNonNull(projects, "projects");
        permissions = permissions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
        int forms = (allProjects == null ? 0 : 1) + (projects.isEmpty() ? 0 : 1) + (permissions.isEmpty() ? 0 : 1);
        if (forms != 1) {
            throw new IllegalArgumentException("a grant is one of: all projects, a list of projects, a permission set");
        }
        projects = Collections.unmodifiableMap(new TreeMap<>(projects));
    }

    public static WorkspaceGrant onAllProjects(ProjectRole role) {
        return new WorkspaceGrant(role, Map.of(), Set.of(), false);
    }

    public static WorkspaceGrant perProject(Map<UUID, ProjectRole> roles) {
        return new WorkspaceGrant(null, roles, Set.of(), false);
    }

    /** A token type's permissions on every project of the workspace, present and future. */
    public static WorkspaceGrant permissionsOnAllProjects(Set<Permission> permissions) {
        return new WorkspaceGrant(null, Map.of(), permissions, false);
    }

    /** The same grant, listing {@code self-rotate} or not. */
    public WorkspaceGrant withSelfRotate(boolean selfRotate) {
        return new WorkspaceGrant(allProjects, projects, permissions, selfRotate);
    }

    /** The authz grants of a token of {@code workspaceId}; NONE gives nothing, so nothing is visible. */
    public List<Grant> grants(UUID workspaceId) {
        List<Grant> rights;
        if (!permissions.isEmpty()) {
            rights = Grants.permissionsOn(new Scope.AllProjects(workspaceId), permissions,
                    "workspace token permissions on every project");
        } else {
            rights = allProjects != null
                    ? Grants.projectRoleOnAllProjects(workspaceId, allProjects)
                    : Grants.projectRoles(workspaceId, projects);
        }
        if (!selfRotate) {
            return rights;
        }
        List<Grant> all = new ArrayList<>(rights);
        all.add(Grants.aboutTheToken(workspaceId, Set.of(Permission.SELF_ROTATE)));
        return List.copyOf(all);
    }

    /** Stored form of a permission-set grant; null for a role grant. */
    public @Nullable String storedPermissions() {
        return permissions.isEmpty() ? null : PermissionList.encode(permissions);
    }

    /** Stored form of the per-project roles: {@code <projectId>=<ROLE>,...}; null for an all-projects grant. */
    public String storedProjectRoles() {
        return projects.isEmpty() ? null : projects.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().name()).collect(Collectors.joining(","));
    }

    public String storedAllProjectsRole() {
        return allProjects == null ? null : allProjects.name();
    }

    /** Reads the stored columns back; they were validated when written. */
    public static WorkspaceGrant fromStorage(@Nullable String allProjectsRole, @Nullable String projectRoles,
                                             @Nullable String permissions, boolean selfRotate) {
        return form(allProjectsRole, projectRoles, permissions).withSelfRotate(selfRotate);
    }

    private static WorkspaceGrant form(@Nullable String allProjectsRole, @Nullable String projectRoles,
                                       @Nullable String permissions) {
        if (permissions != null) {
            return permissionsOnAllProjects(PermissionList.decode(permissions));
        }
        if (allProjectsRole != null) {
            return onAllProjects(ProjectRole.valueOf(allProjectsRole));
        }
        Map<UUID, ProjectRole> roles = new LinkedHashMap<>();
        Arrays.stream(projectRoles == null ? new String[0] : projectRoles.split(",")).filter(s -> !s.isEmpty())
                .forEach(entry -> {
                    int eq = entry.indexOf('=');
                    roles.put(UUID.fromString(entry.substring(0, eq)), ProjectRole.valueOf(entry.substring(eq + 1)));
                });
        return perProject(roles);
    }
}
