package dev.latchkey.authz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** The single place where roles become grants, so that every module reads roles the same way. */
public final class Grants {

    private Grants() {
    }

    /**
     * A user's grants in one workspace: the workspace role on the workspace itself, the project role
     * it implies on every project, and the explicit project roles. Explicit roles are kept even for
     * admins, since a project role may rise above the workspace-wide one (an admin who owns a project).
     */
    public static List<Grant> forMembership(UUID workspaceId, WorkspaceRole role, Map<UUID, ProjectRole> projectRoles) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(projectRoles, "projectRoles");
        List<Grant> grants = new ArrayList<>();
        grants.add(new Grant(new Scope.Workspace(workspaceId), role.workspacePermissions(), "workspace role " + role));
        ProjectRole everywhere = role.roleOnEveryProject();
        if (everywhere != ProjectRole.NONE) {
            grants.add(new Grant(new Scope.AllProjects(workspaceId), everywhere.permissions(),
                    "workspace role " + role + ": project role " + everywhere + " on every project"));
        }
        grants.addAll(projectRoles(workspaceId, projectRoles));
        return List.copyOf(grants);
    }

    /** Every human may read their own profile, whatever else they hold. */
    public static Grant self(UUID userId) {
        return new Grant(new Scope.User(userId), Set.of(Permission.USER_READ), "every human reads themselves");
    }

    /** A project role on every project of a workspace, as a workspace token is granted. */
    public static List<Grant> projectRoleOnAllProjects(UUID workspaceId, ProjectRole role) {
        Objects.requireNonNull(role, "role");
        if (role == ProjectRole.NONE) {
            return List.of();
        }
        return List.of(new Grant(new Scope.AllProjects(workspaceId), role.permissions(),
                "project role " + role + " on every project"));
    }

    /** One grant per project role; NONE grants nothing and is dropped. Ordered by project id so output is stable. */
    public static List<Grant> projectRoles(UUID workspaceId, Map<UUID, ProjectRole> roles) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(roles, "roles");
        return roles.entrySet().stream()
                .filter(entry -> entry.getValue() != ProjectRole.NONE)
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(entry -> new Grant(new Scope.Project(workspaceId, entry.getKey()), entry.getValue().permissions(),
                        "project role " + entry.getValue() + " on " + entry.getKey()))
                .toList();
    }

    /** Explicit permissions at a scope, as token scopes are stored; empty permissions give no grant. */
    public static List<Grant> permissionsOn(Scope scope, Set<Permission> permissions, String source) {
        Grant grant = new Grant(scope, permissions, source);
        return grant.permissions().isEmpty() ? List.of() : List.of(grant);
    }

    /**
     * Permissions about the token itself ({@link Permission#aboutTheTokenItself()}, self-rotate)
     * listed beside a token's rights, for a grant whose form (project roles) cannot name them. Held
     * on the token's own workspace, which its rights already reach, so it makes nothing visible and,
     * since they imply nothing, allows nothing on any resource; {@link AuthorizationEngine#tokenGrantHolds}
     * finds them as it finds a PAT's or service token's.
     */
    public static Grant aboutTheToken(UUID workspaceId, Set<Permission> permissions) {
        if (permissions.isEmpty() || !permissions.stream().allMatch(Permission::aboutTheTokenItself)) {
            throw new IllegalArgumentException("only permissions about the token itself: " + permissions);
        }
        return new Grant(new Scope.Workspace(workspaceId), permissions, "the token's own permissions");
    }
}
