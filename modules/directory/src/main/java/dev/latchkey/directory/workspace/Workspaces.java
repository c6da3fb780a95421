package dev.latchkey.directory.workspace;

import dev.latchkey.directory.caps.Caps;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.Scope;
import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.member.Membership;
import dev.latchkey.directory.member.MembershipRepository;
import dev.latchkey.tokens.core.DisplayText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Workspaces: creating one makes the creator its OWNER; everything else is bounded by what the caller reaches. */
@Singleton
public class Workspaces {
    private final WorkspaceRepository workspaces;
    private final MembershipRepository memberships;
    private final SubjectRights subjectRights;
    private final Access access;
    private final Caps caps;
    private final Clock clock;

    public Workspaces(WorkspaceRepository workspaces, MembershipRepository memberships, SubjectRights subjectRights,
                      Access access, Caps caps, Clock clock) {
        this.caps = caps;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.subjectRights = subjectRights;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public Workspace create(Caller caller, String slug, String name) {
        UUID userId = caller.requireSessionUser("creating a workspace");
        String normalizedSlug = Slugs.requireValid(slug);
        String cleanName = DisplayText.name("name", name, Workspace.MAX_NAME);
        if (workspaces.existsBySlug(normalizedSlug)) {
            throw ProblemException.conflict("the slug '" + normalizedSlug + "' is taken");
        }
        caps.check(Caps.Cap.WORKSPACES_PER_USER, userId, () -> memberships.countByUserIdAndRole(userId, WorkspaceRole.OWNER));
        Instant now = Times.now(clock);
        Workspace workspace = workspaces.save(new Workspace(Ids.newId(), normalizedSlug, cleanName, now, now));
        memberships.save(new Membership(Ids.newId(), workspace.id(), userId, WorkspaceRole.OWNER, now, now));
        subjectRights.invalidate(userId);
        return workspace;
    }

    /**
     * Finds a workspace by id or slug and makes sure the caller reaches it; an unknown workspace
     * and one the caller has no access to are the same 404.
     */
    public Workspace resolve(Caller caller, String ref) {
        Workspace workspace = findByRef(ref).orElseThrow(() -> ProblemException.notFound("workspace not found"));
        access.requireReach(caller, new Resource.Workspace(workspace.id()));
        return workspace;
    }

    /** Resolves and requires a workspace-level permission. */
    public Workspace resolve(Caller caller, String ref, Permission permission) {
        Workspace workspace = resolve(caller, ref);
        access.require(caller, permission, new Resource.Workspace(workspace.id()));
        return workspace;
    }

    public Optional<Workspace> findByRef(String ref) {
        if (ref == null || ref.isEmpty() || ref.length() > 64) {
            return Optional.empty();
        }
        Optional<UUID> id = Ids.parse(ref);
        return id.isPresent() ? workspaces.findById(id.get()) : Slugs.normalized(ref).flatMap(workspaces::findBySlug);
    }

    public Optional<Workspace> findById(UUID id) {
        return workspaces.findById(id);
    }

    /**
     * The slugs of these workspaces in one read (a list naming the workspaces of its rows); an id of no
     * workspace is absent. The ids come from rows already bounded by the caller's tenant.
     */
    public java.util.Map<UUID, String> slugsOf(java.util.Collection<UUID> ids) {
        java.util.Map<UUID, String> slugs = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            workspaces.findByIdIn(ids).forEach(w -> slugs.put(w.id(), w.slug()));
        }
        return slugs;
    }

    public <T> Page<T> list(Caller caller, PageRequest page, Function<Workspace, T> view) {
        Set<UUID> candidates = new LinkedHashSet<>();
        for (Grant grant : caller.principal().subjectRights().grants()) {
            workspaceOf(grant.scope()).ifPresent(candidates::add);
        }
        candidates.removeIf(id -> !access.reaches(caller, new Resource.Workspace(id)));
        if (candidates.isEmpty()) {
            return new Page<>(java.util.List.of(), null);
        }
        var rows = workspaces.findByIdInAndIdGreaterThanOrderById(candidates, page.after(),
                Pageable.from(0, page.fetchSize()));
        return Page.of(rows, page, Workspace::id, view);
    }

    @Transactional
    public Workspace update(Caller caller, String ref, @Nullable String slug, @Nullable String name) {
        Workspace workspace = resolve(caller, ref, Permission.WORKSPACE_MANAGE);
        String newSlug = workspace.slug();
        if (slug != null) {
            newSlug = Slugs.requireValid(slug);
            if (!newSlug.equals(workspace.slug()) && workspaces.existsBySlug(newSlug)) {
                throw ProblemException.conflict("the slug '" + newSlug + "' is taken");
            }
        }
        String newName = name == null ? workspace.name() : DisplayText.name("name", name, Workspace.MAX_NAME);
        return workspaces.update(new Workspace(workspace.id(), newSlug, newName, workspace.createdAt(), Times.now(clock)));
    }

    /** The workspace a grant's scope lies in; empty for global and user scopes. */
    public static Optional<UUID> workspaceOf(Scope scope) {
        if (scope instanceof Scope.Workspace w) {
            return Optional.of(w.workspaceId());
        }
        if (scope instanceof Scope.AllProjects a) {
            return Optional.of(a.workspaceId());
        }
        if (scope instanceof Scope.Project p) {
            return Optional.of(p.workspaceId());
        }
        return Optional.empty();
    }
}
