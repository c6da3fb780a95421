package dev.latchkey.authz;

import static dev.latchkey.authz.Permission.*;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role on one project. Each role holds everything the role below it holds; the sets are
 * stated without implication closure so that the printed table shows what a role is given, not
 * what it ends up with.
 */
public enum ProjectRole {
    NONE(EnumSet.noneOf(Permission.class)),
    TESTER(EnumSet.of(PROJECTS_READ, REPOSITORIES_READ, PIPELINES_READ, ENVIRONMENTS, DOCUMENTS,
            DOCUMENTS_VIEW_CONTENT, RELEASES, BRANCHES)),
    DEVELOPER(EnumSet.of(REPOSITORIES_WRITE, PIPELINES_RUN, VARIABLES_READ, DOCUMENTS_EDIT_CONTENT,
            DOCUMENTS_EDIT_VIEW, BRANCHES_CREATE, BRANCHES_MERGE, RELEASES_DEPLOY)),
    ADMIN(EnumSet.of(PROJECT_MANAGE, PIPELINES_MANAGE, ENVIRONMENTS_MANAGE, ENVIRONMENTS_DELETE,
            VARIABLES_MANAGE, WEBHOOKS_MANAGE, DOMAINS_MANAGE, INTEGRATIONS_MANAGE, DOCUMENTS_FULL,
            RELEASES_MANAGE, BRANCHES_DELETE)),
    OWNER(EnumSet.of(Permission.OWNER));

    private final EnumSet<Permission> added;
    private Set<Permission> cumulative;

    ProjectRole(EnumSet<Permission> added) {
        this.added = added;
    }

    static {
        EnumSet<Permission> running = EnumSet.noneOf(Permission.class);
        for (ProjectRole role : values()) {
            running.addAll(role.added);
            role.cumulative = Collections.unmodifiableSet(EnumSet.copyOf(running));
        }
    }

    /** Everything this role is given, including what the lower roles are given. */
    public Set<Permission> permissions() {
        return cumulative;
    }

    /** Exact, case-sensitive match on the constant name, e.g. {@code "DEVELOPER"}. */
    public static Optional<ProjectRole> fromName(String name) {
        for (ProjectRole role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
