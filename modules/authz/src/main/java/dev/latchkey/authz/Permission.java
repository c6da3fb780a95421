package dev.latchkey.authz;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The permission catalogue. The order of the constants is the catalogue order shown to clients and
 * printed in {@code docs/permissions.md}.
 */
public enum Permission {
    WORKSPACE_READ("workspace:read", Level.WORKSPACE, "See the workspace, its settings and members"),
    WORKSPACE_MANAGE("workspace:manage", Level.WORKSPACE, "Change workspace settings and manage its members and their roles"),
    TOKENS_MANAGE("tokens:manage", Level.WORKSPACE, "Create, regenerate and revoke workspace API tokens"),
    SERVICE_USERS_MANAGE("service-users:manage", Level.WORKSPACE, "Create and suspend service users and manage their tokens"),
    AUDIT_READ("audit:read", Level.WORKSPACE, "Read the workspace audit log"),

    USER_READ("user:read", Level.USER, "See the user's own profile"),

    PROJECTS_READ("projects:read", Level.PROJECT, "See the project and its settings"),
    PROJECT_MANAGE("project:manage", Level.PROJECT, "Change project settings and project members"),
    REPOSITORIES_READ("repositories:read", Level.PROJECT, "Read the project's repositories"),
    REPOSITORIES_WRITE("repositories:write", Level.PROJECT, "Push to the project's repositories"),
    PIPELINES_READ("pipelines:read", Level.PROJECT, "See pipelines and their runs"),
    PIPELINES_RUN("pipelines:run", Level.PROJECT, "Start and cancel pipeline runs"),
    PIPELINES_MANAGE("pipelines:manage", Level.PROJECT, "Create, change and delete pipelines"),
    ENVIRONMENTS("environments", Level.PROJECT, "See the project's environments"),
    ENVIRONMENTS_MANAGE("environments:manage", Level.PROJECT, "Create and change environments"),
    ENVIRONMENTS_DELETE("environments:delete", Level.PROJECT, "Delete environments"),
    VARIABLES_READ("variables:read", Level.PROJECT, "Read project and environment variables"),
    VARIABLES_MANAGE("variables:manage", Level.PROJECT, "Create, change and delete variables"),
    WEBHOOKS_MANAGE("webhooks:manage", Level.PROJECT, "Create, change and delete webhooks"),
    DOMAINS_MANAGE("domains:manage", Level.PROJECT, "Attach and detach custom domains"),
    INTEGRATIONS_MANAGE("integrations:manage", Level.PROJECT, "Connect and disconnect third-party integrations"),
    DOCUMENTS("documents", Level.PROJECT, "See the list of documents"),
    DOCUMENTS_VIEW_CONTENT("documents:view-content", Level.PROJECT, "Read the content of documents"),
    DOCUMENTS_EDIT_CONTENT("documents:edit-content", Level.PROJECT, "Edit the content of documents"),
    DOCUMENTS_EDIT_VIEW("documents:edit-view", Level.PROJECT, "Change how documents are presented"),
    DOCUMENTS_FULL("documents:full", Level.PROJECT, "Every action on documents, including deleting them"),
    RELEASES("releases", Level.PROJECT, "See releases"),
    RELEASES_MANAGE("releases:manage", Level.PROJECT, "Create and change releases"),
    RELEASES_DEPLOY("releases:deploy", Level.PROJECT, "Deploy a release to an environment"),
    RELEASES_DELETE("releases:delete", Level.PROJECT, "Delete releases"),
    BRANCHES("branches", Level.PROJECT, "See branches"),
    BRANCHES_CREATE("branches:create", Level.PROJECT, "Create branches"),
    BRANCHES_MERGE("branches:merge", Level.PROJECT, "Merge branches"),
    BRANCHES_DELETE("branches:delete", Level.PROJECT, "Delete branches"),

    /**
     * A token may rotate itself ({@code POST /api/tokens/self/rotate}). About the token, not a
     * resource: held by nobody implicitly (no role, not even {@code owner}, implies it), only by a
     * token whose own grant or scopes list it.
     */
    SELF_ROTATE("self-rotate", Level.ANY, "The token may rotate its own secret (POST /api/tokens/self/rotate); implied by nothing, not even owner"),

    OWNER("owner", Level.ANY, "Every permission on the resource it is held on, and nothing beyond it");

    private static final List<Permission> CATALOGUE = List.of(values());
    private static final Map<String, Permission> BY_KEY = byKey();
    private static final Map<Permission, Set<Permission>> DIRECT = directImplications();
    private static final Map<Permission, Set<Permission>> CLOSURE = closures();

    private final String key;
    private final Level level;
    private final String description;

    Permission(String key, Level level, String description) {
        this.key = key;
        this.level = level;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public Level level() {
        return level;
    }

    public String description() {
        return description;
    }

    /**
     * Whether the permission is about the token that holds it rather than a resource (self-rotate):
     * it gives nothing on any workspace, project or user, so handing it out widens no one's reach
     * and the grant rule does not ask the granter to hold it (nobody does).
     */
    public boolean aboutTheTokenItself() {
        return this == SELF_ROTATE;
    }

    /** The permissions this one implies directly, as stated in the catalogue; for display. */
    public Set<Permission> implies() {
        return DIRECT.get(this);
    }

    /** This permission and everything it implies, transitively. */
    public Set<Permission> closure() {
        return CLOSURE.get(this);
    }

    /** Exact, case-sensitive lookup: scopes are stored and compared as written. */
    public static Optional<Permission> fromKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public static List<Permission> catalogue() {
        return CATALOGUE;
    }

    @Override
    public String toString() {
        return key;
    }

    private static Map<String, Permission> byKey() {
        var map = new java.util.HashMap<String, Permission>();
        for (Permission p : values()) {
            map.put(p.key, p);
        }
        return Map.copyOf(map);
    }

    /*
     * The one place where implications are stated. Each "manage"/"full" permission lists the
     * actions of its area, and every action lists the bare read of its area; the transitive
     * closure is computed below so that nobody has to repeat the chain by hand.
     */
    private static Map<Permission, Set<Permission>> directImplications() {
        var direct = new EnumMap<Permission, EnumSet<Permission>>(Permission.class);
        for (Permission p : values()) {
            direct.put(p, EnumSet.noneOf(Permission.class));
        }
        imply(direct, WORKSPACE_MANAGE, WORKSPACE_READ);
        imply(direct, PROJECT_MANAGE, PROJECTS_READ);
        imply(direct, REPOSITORIES_WRITE, REPOSITORIES_READ);
        imply(direct, PIPELINES_RUN, PIPELINES_READ);
        imply(direct, PIPELINES_MANAGE, PIPELINES_RUN, PIPELINES_READ);
        imply(direct, ENVIRONMENTS_MANAGE, ENVIRONMENTS_DELETE, ENVIRONMENTS);
        imply(direct, ENVIRONMENTS_DELETE, ENVIRONMENTS);
        imply(direct, VARIABLES_MANAGE, VARIABLES_READ);
        imply(direct, DOCUMENTS_VIEW_CONTENT, DOCUMENTS);
        imply(direct, DOCUMENTS_EDIT_CONTENT, DOCUMENTS);
        imply(direct, DOCUMENTS_EDIT_VIEW, DOCUMENTS);
        imply(direct, DOCUMENTS_FULL, DOCUMENTS_VIEW_CONTENT, DOCUMENTS_EDIT_CONTENT, DOCUMENTS_EDIT_VIEW, DOCUMENTS);
        imply(direct, RELEASES_MANAGE, RELEASES_DEPLOY, RELEASES_DELETE, RELEASES);
        imply(direct, RELEASES_DEPLOY, RELEASES);
        imply(direct, RELEASES_DELETE, RELEASES);
        imply(direct, BRANCHES_CREATE, BRANCHES);
        imply(direct, BRANCHES_MERGE, BRANCHES);
        imply(direct, BRANCHES_DELETE, BRANCHES);
        EnumSet<Permission> everythingElse = EnumSet.complementOf(EnumSet.of(OWNER, SELF_ROTATE));
        direct.get(OWNER).addAll(everythingElse);

        var frozen = new EnumMap<Permission, Set<Permission>>(Permission.class);
        direct.forEach((p, implied) -> frozen.put(p, Collections.unmodifiableSet(implied)));
        return Collections.unmodifiableMap(frozen);
    }

    private static void imply(Map<Permission, EnumSet<Permission>> direct, Permission from, Permission... to) {
        for (Permission implied : to) {
            direct.get(from).add(implied);
        }
    }

    private static Map<Permission, Set<Permission>> closures() {
        var closures = new EnumMap<Permission, Set<Permission>>(Permission.class);
        for (Permission p : values()) {
            EnumSet<Permission> reached = EnumSet.of(p);
            var pending = new java.util.ArrayDeque<Permission>(DIRECT.get(p));
            while (!pending.isEmpty()) {
                Permission next = pending.pop();
                if (reached.add(next)) {
                    pending.addAll(DIRECT.get(next));
                }
            }
            closures.put(p, Collections.unmodifiableSet(reached));
        }
        return Collections.unmodifiableMap(closures);
    }
}
