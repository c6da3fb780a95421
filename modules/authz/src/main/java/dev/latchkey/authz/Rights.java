package dev.latchkey.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Everything one party may do, as a set of grants indexed for lookup. Built once per request (or
 * cached per subject) and checked many times: a check is a couple of hash lookups and EnumSet
 * bit tests however many projects the grants name, because closures are expanded at build time.
 * Immutable and therefore safe to share between threads.
 */
public final class Rights {

    private static final Rights NONE = new Rights(List.of());

    private final List<Grant> grants;
    private final Bucket global;
    private final Map<UUID, WorkspaceIndex> workspaces;
    private final Map<UUID, Bucket> users;

    private Rights(List<Grant> grants) {
        this.grants = grants;
        Bucket globalBucket = null;
        Map<UUID, WorkspaceIndex> byWorkspace = new HashMap<>();
        Map<UUID, Bucket> byUser = new HashMap<>();
        for (Grant grant : grants) {
            // An empty grant gives nothing, so it must not make anything visible either.
            if (grant.permissions().isEmpty()) {
                continue;
            }
            Scope scope = grant.scope();
            if (scope instanceof Scope.Global) {
                if (globalBucket == null) {
                    globalBucket = new Bucket();
                }
                globalBucket.add(grant);
            } else if (scope instanceof Scope.Workspace s) {
                byWorkspace.computeIfAbsent(s.workspaceId(), id -> new WorkspaceIndex()).workspace().add(grant);
            } else if (scope instanceof Scope.AllProjects s) {
                byWorkspace.computeIfAbsent(s.workspaceId(), id -> new WorkspaceIndex()).allProjects().add(grant);
            } else if (scope instanceof Scope.Project s) {
                byWorkspace.computeIfAbsent(s.workspaceId(), id -> new WorkspaceIndex())
                        .projects().computeIfAbsent(s.projectId(), id -> new Bucket()).add(grant);
            } else if (scope instanceof Scope.User s) {
                byUser.computeIfAbsent(s.userId(), id -> new Bucket()).add(grant);
            }
        }
        this.global = globalBucket;
        this.workspaces = byWorkspace;
        this.users = byUser;
    }

    public static Rights of(Collection<Grant> grants) {
        Objects.requireNonNull(grants, "grants");
        return grants.isEmpty() ? NONE : new Rights(List.copyOf(grants));
    }

    public static Rights none() {
        return NONE;
    }

    /** The grants as given, including any empty ones (which are otherwise ignored). */
    /** The workspaces these rights touch at all (with a non-empty grant); computed once. */
    public Set<UUID> workspaceIds() {
        return java.util.Collections.unmodifiableSet(workspaces.keySet());
    }

    public List<Grant> grants() {
        return grants;
    }

    /** Permissions held on {@code resource}, implications expanded, limited to those meaningful there. */
    public Set<Permission> effectiveOn(Resource resource) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        if (global != null) {
            result.addAll(global.expanded);
        }
        Bucket first = firstSpecific(resource);
        if (first != null) {
            result.addAll(first.expanded);
        }
        Bucket second = secondSpecific(resource);
        if (second != null) {
            result.addAll(second.expanded);
        }
        result.removeIf(p -> !p.level().meaningfulAt(resource.level()));
        return Collections.unmodifiableSet(result);
    }

    /**
     * Whether these rights make {@code resource} visible at all. A workspace is visible through a
     * grant anywhere inside it, a project only through a grant that covers that project.
     */
    public boolean reaches(Resource resource) {
        Objects.requireNonNull(resource, "resource");
        if (global != null) {
            return true;
        }
        if (resource instanceof Resource.Workspace w) {
            return workspaces.containsKey(w.workspaceId());
        }
        if (resource instanceof Resource.Project p) {
            WorkspaceIndex index = workspaces.get(p.workspaceId());
            return index != null && (!index.allProjects().isEmpty() || index.projects().containsKey(p.projectId()));
        }
        if (resource instanceof Resource.AllProjects a) {
            WorkspaceIndex index = workspaces.get(a.workspaceId());
            return index != null && !index.allProjects().isEmpty();
        }
        return users.containsKey(((Resource.User) resource).userId());
    }

    /** The non-empty grants whose scope covers {@code resource}, broadest first. */
    public List<Grant> applicableTo(Resource resource) {
        List<Grant> result = new ArrayList<>();
        if (global != null) {
            result.addAll(global.grants);
        }
        Bucket first = firstSpecific(resource);
        if (first != null) {
            result.addAll(first.grants);
        }
        Bucket second = secondSpecific(resource);
        if (second != null) {
            result.addAll(second.grants);
        }
        return Collections.unmodifiableList(result);
    }

    /** The allocation-free form of {@code effectiveOn(resource).contains(permission)} used by the engine. */
    boolean holds(Permission permission, Resource resource) {
        if (!permission.level().meaningfulAt(resource.level())) {
            return false;
        }
        if (global != null && global.expanded.contains(permission)) {
            return true;
        }
        Bucket first = firstSpecific(resource);
        if (first != null && first.expanded.contains(permission)) {
            return true;
        }
        Bucket second = secondSpecific(resource);
        return second != null && second.expanded.contains(permission);
    }

    /** A grant that supplies {@code permission} on {@code resource}, or null. */
    Grant supplying(Permission permission, Resource resource) {
        if (!permission.level().meaningfulAt(resource.level())) {
            return null;
        }
        Grant found = global == null ? null : global.supplying(permission);
        if (found == null) {
            Bucket first = firstSpecific(resource);
            found = first == null ? null : first.supplying(permission);
        }
        if (found == null) {
            Bucket second = secondSpecific(resource);
            found = second == null ? null : second.supplying(permission);
        }
        return found;
    }

    // A resource is covered by at most two non-global buckets: a project by its workspace's
    // all-projects bucket and its own; a workspace, all projects or a user by one.
    private Bucket firstSpecific(Resource resource) {
        if (resource instanceof Resource.Workspace w) {
            WorkspaceIndex index = workspaces.get(w.workspaceId());
            return index == null ? null : index.workspace();
        }
        if (resource instanceof Resource.Project p) {
            WorkspaceIndex index = workspaces.get(p.workspaceId());
            return index == null ? null : index.allProjects();
        }
        if (resource instanceof Resource.AllProjects a) {
            WorkspaceIndex index = workspaces.get(a.workspaceId());
            return index == null ? null : index.allProjects();
        }
        return users.get(((Resource.User) resource).userId());
    }

    private Bucket secondSpecific(Resource resource) {
        if (resource instanceof Resource.Project p) {
            WorkspaceIndex index = workspaces.get(p.workspaceId());
            return index == null ? null : index.projects().get(p.projectId());
        }
        return null;
    }

    @Override
    public String toString() {
        return "Rights" + grants;
    }

    /** Grants at one scope, with their union and each grant's own closure pre-expanded. */
    private static final class Bucket {
        private final EnumSet<Permission> expanded = EnumSet.noneOf(Permission.class);
        private final List<Grant> grants = new ArrayList<>(1);
        private final List<EnumSet<Permission>> expandedPerGrant = new ArrayList<>(1);

        void add(Grant grant) {
            EnumSet<Permission> closure = EnumSet.noneOf(Permission.class);
            for (Permission p : grant.permissions()) {
                closure.addAll(p.closure());
            }
            expanded.addAll(closure);
            grants.add(grant);
            expandedPerGrant.add(closure);
        }

        boolean isEmpty() {
            return grants.isEmpty();
        }

        Grant supplying(Permission permission) {
            for (int i = 0; i < grants.size(); i++) {
                if (expandedPerGrant.get(i).contains(permission)) {
                    return grants.get(i);
                }
            }
            return null;
        }
    }

    private record WorkspaceIndex(Bucket workspace, Bucket allProjects, Map<UUID, Bucket> projects) {
        WorkspaceIndex() {
            this(new Bucket(), new Bucket(), new HashMap<>());
        }
    }
}
