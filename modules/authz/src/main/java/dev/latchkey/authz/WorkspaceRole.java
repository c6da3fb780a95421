package dev.latchkey.authz;

import static dev.latchkey.authz.Permission.*;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role in a workspace. Like project roles, each holds everything the role below it holds.
 * Admins and owners also hold a project role on every project of the workspace, present and future.
 */
public enum WorkspaceRole {
    MEMBER(EnumSet.of(WORKSPACE_READ), ProjectRole.NONE),
    ADMIN(EnumSet.of(WORKSPACE_MANAGE, SERVICE_USERS_MANAGE, AUDIT_READ), ProjectRole.ADMIN),
    OWNER(EnumSet.of(TOKENS_MANAGE, Permission.OWNER), ProjectRole.OWNER);

    private final EnumSet<Permission> added;
    private final ProjectRole roleOnEveryProject;
    private Set<Permission> cumulative;

    WorkspaceRole(EnumSet<Permission> added, ProjectRole roleOnEveryProject) {
        this.added = added;
        this.roleOnEveryProject = roleOnEveryProject;
    }

    static {
        EnumSet<Permission> running = EnumSet.noneOf(Permission.class);
        for (WorkspaceRole role : values()) {
            running.addAll(role.added);
            role.cumulative = Collections.unmodifiableSet(EnumSet.copyOf(running));
        }
    }

    /** What the role holds on the workspace resource itself, without implication closure. */
    public Set<Permission> workspacePermissions() {
        return cumulative;
    }

    public ProjectRole roleOnEveryProject() {
        return roleOnEveryProject;
    }

    /** Exact, case-sensitive match on the constant name, e.g. {@code "ADMIN"}. */
    public static Optional<WorkspaceRole> fromName(String name) {
        for (WorkspaceRole role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
