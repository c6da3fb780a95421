package dev.latchkey.directory.member;

import dev.latchkey.authz.Grants;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.SensitiveOperations;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.UserKind;
import dev.latchkey.directory.user.UserRepository;
import dev.latchkey.directory.user.Users;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.WorkspaceRepository;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Membership rules: managing members takes {@code workspace:manage}; nobody hands out, changes or
 * takes away a role holding rights they lack, on the workspace or on any project, present and
 * future ({@link Access#requireMayChange}: so only OWNERs make or unmake OWNERs); a workspace
 * always keeps an OWNER.
 */
@Singleton
public class Members {
    private final MembershipRepository memberships;
    private final ProjectRoleRepository projectRoles;
    private final UserRepository users;
    /** Every look-up by email goes through {@link Users}, which owns the one spelling of an email. */
    private final Users people;
    private final WorkspaceRepository workspaceRows;
    private final Workspaces workspaces;
    private final Projects projects;
    private final Access access;
    private final Confirmations confirmations;
    private final SubjectRights subjectRights;
    private final AuditTrail audit;
    private final Caps caps;
    private final Clock clock;

    public Members(MembershipRepository memberships, ProjectRoleRepository projectRoles, UserRepository users,
                   Users people, WorkspaceRepository workspaceRows, Workspaces workspaces, Projects projects, Access access,
                   Confirmations confirmations, SubjectRights subjectRights, AuditTrail audit, Caps caps, Clock clock) {
        this.confirmations = confirmations;
        this.caps = caps;
        this.memberships = memberships;
        this.projectRoles = projectRoles;
        this.users = users;
        this.people = people;
        this.workspaceRows = workspaceRows;
        this.workspaces = workspaces;
        this.projects = projects;
        this.access = access;
        this.subjectRights = subjectRights;
        this.audit = audit;
        this.clock = clock;
    }

    /** A member as shown by the API. */
    public record Member(Membership membership, User user, Map<UUID, ProjectRole> projectRoles) {
    }

    public <T> Page<T> list(Caller caller, String ws, PageRequest page, Function<Member, T> view) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_READ);
        List<Membership> rows = memberships.findByWorkspaceIdAndIdGreaterThanOrderById(workspace.id(), page.after(),
                Pageable.from(0, page.fetchSize()));
        Set<UUID> userIds = rows.stream().map(Membership::userId).collect(Collectors.toSet());
        Map<UUID, User> usersById = userIds.isEmpty() ? Map.of()
                : users.findByIdIn(userIds).stream().collect(Collectors.toMap(User::id, u -> u));
        Map<UUID, Map<UUID, ProjectRole>> roles = new HashMap<>();
        if (!userIds.isEmpty()) {
            for (ProjectRoleAssignment a : projectRoles.findByWorkspaceIdAndUserIdIn(workspace.id(), userIds)) {
                roles.computeIfAbsent(a.userId(), u -> new LinkedHashMap<>()).put(a.projectId(), a.role());
            }
        }
        return Page.of(rows, page, Membership::id,
                m -> view.apply(new Member(m, usersById.get(m.userId()), roles.getOrDefault(m.userId(), Map.of()))));
    }

    @Transactional
    public Member add(Caller caller, String ws, String email, WorkspaceRole role,
                      @Nullable Map<String, ProjectRole> requestedProjectRoles) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        User user = people.findByEmail(email)
                .orElseThrow(() -> ProblemException.notFound("no user has signed up with this email"));
        if (user.kind() != UserKind.HUMAN) {
            throw ProblemException.badRequest("email", "service users belong to their workspace and cannot be members");
        }
        Map<UUID, ProjectRole> roles = validateProjectRoles(workspace, role, requestedProjectRoles);
        access.requireMayGrant(caller, Grants.forMembership(workspace.id(), role, roles));
        confirmations.requireIf(caller, SensitiveOperations.makesAdminOrOwner(null, role));
        if (memberships.findByWorkspaceIdAndUserId(workspace.id(), user.id()).isPresent()) {
            throw ProblemException.conflict("this user is already a member");
        }
        caps.check(Caps.Cap.MEMBERS_PER_WORKSPACE, workspace.id(), () -> memberships.countByWorkspaceId(workspace.id()));
        Instant now = Times.now(clock);
        Membership membership = memberships.save(new Membership(Ids.newId(), workspace.id(), user.id(), role, now, now));
        saveProjectRoles(workspace.id(), user.id(), roles);
        subjectRights.invalidate(user.id());
        audit.record(AuditEvent.by(caller, AuditAction.MEMBER_ADDED).onMember(workspace.id(), user.id())
                .withDetails(describe(role, roles)));
        return new Member(membership, user, roles);
    }

    /**
     * A member with their new roles, and, when the change took project roles away because the new
     * workspace role holds a role on every project, a sentence saying so (null otherwise).
     */
    public record Updated(Member member, @Nullable String notice) {
    }

    /**
     * Changes a member's roles. Promoting to ADMIN or OWNER clears the member's project roles (they
     * hold a role on every project then) and says so in {@code notice}, rather than refusing project
     * roles the person only carried over from being a MEMBER: the dashboard's role dialog sends them.
     */
    @Transactional
    public Updated update(Caller caller, String ws, String userRef, @Nullable WorkspaceRole newRole,
                          @Nullable Map<String, ProjectRole> requestedProjectRoles) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        workspaceRows.findByIdForUpdate(workspace.id());
        Membership membership = findMember(workspace, userRef);
        WorkspaceRole role = newRole == null ? membership.role() : newRole;
        Map<UUID, ProjectRole> current = currentProjectRoles(workspace.id(), membership.userId());
        boolean replaceProjectRoles = requestedProjectRoles != null || role != WorkspaceRole.MEMBER;
        boolean clearsProjectRoles = role != WorkspaceRole.MEMBER
                && (!current.isEmpty() || (requestedProjectRoles != null && requestedProjectRoles.values().stream()
                        .anyMatch(r -> r != null && r != ProjectRole.NONE)));
        Map<UUID, ProjectRole> roles = role != WorkspaceRole.MEMBER ? Map.of()
                : replaceProjectRoles ? validateProjectRoles(workspace, role, requestedProjectRoles) : current;
        // Changing someone's rights both takes away the old ones and hands out the new ones.
        access.requireMayChange(caller, Grants.forMembership(workspace.id(), membership.role(), current),
                Grants.forMembership(workspace.id(), role, roles));
        if (role != membership.role() && membership.role() == WorkspaceRole.OWNER) {
            requireAnotherOwner(workspace);
        }
        confirmations.requireIf(caller, SensitiveOperations.makesAdminOrOwner(membership.role(), role));
        if (replaceProjectRoles) {
            projectRoles.deleteByWorkspaceIdAndUserId(workspace.id(), membership.userId());
            saveProjectRoles(workspace.id(), membership.userId(), roles);
        }
        Instant now = Times.now(clock);
        memberships.updateRoleAndUpdatedAtById(membership.id(), role, now);
        subjectRights.invalidate(membership.userId());
        audit.record(AuditEvent.by(caller, AuditAction.MEMBER_UPDATED).onMember(workspace.id(), membership.userId())
                .withDetails("from " + describe(membership.role(), current) + "; to " + describe(role, roles)));
        Membership updated = new Membership(membership.id(), membership.workspaceId(), membership.userId(), role,
                membership.createdAt(), now);
        String notice = clearsProjectRoles ? "Project roles cleared: an " + role
                + " holds a role on every project, so per-project roles no longer apply." : null;
        return new Updated(new Member(updated, users.findById(membership.userId()).orElseThrow(), roles), notice);
    }

    @Transactional
    public void remove(Caller caller, String ws, String userRef) {
        Workspace workspace = workspaces.resolve(caller, ws);
        Membership membership = findMember(workspace, userRef);
        boolean leavingThemselves = membership.userId().equals(caller.userId()) && caller.isSession();
        if (!leavingThemselves) {
            access.require(caller, Permission.WORKSPACE_MANAGE, new Resource.Workspace(workspace.id()));
            // removing takes away everything the member holds here: only someone who could grant it all
            access.requireMayChange(caller, Grants.forMembership(workspace.id(), membership.role(),
                    currentProjectRoles(workspace.id(), membership.userId())), List.of());
        }
        delete(caller, workspace, membership, leavingThemselves);
    }

    /**
     * The caller leaves the workspace: a person with a login session only (a token must not end its
     * owner's membership), never the last OWNER. Someone outside the workspace gets its 404.
     */
    @Transactional
    public void leave(Caller caller, String ws) {
        Workspace workspace = workspaces.resolve(caller, ws);
        UUID me = caller.requireSessionUser("leaving a workspace");
        Membership membership = memberships.findByWorkspaceIdAndUserId(workspace.id(), me)
                .orElseThrow(() -> ProblemException.notFound("member not found"));
        delete(caller, workspace, membership, true);
    }

    private void delete(Caller caller, Workspace workspace, Membership membership, boolean leaving) {
        workspaceRows.findByIdForUpdate(workspace.id());
        if (membership.role() == WorkspaceRole.OWNER) {
            requireAnotherOwner(workspace);
        }
        projectRoles.deleteByWorkspaceIdAndUserId(workspace.id(), membership.userId());
        memberships.deleteByWorkspaceIdAndUserId(workspace.id(), membership.userId());
        subjectRights.invalidate(membership.userId());
        audit.record(AuditEvent.by(caller, AuditAction.MEMBER_REMOVED).onMember(workspace.id(), membership.userId())
                .withDetails((leaving ? "left; " : "") + "role=" + membership.role()));
    }

    /** Role and project roles, short enough for an audit line (ids only, names change). */
    private static String describe(WorkspaceRole role, Map<UUID, ProjectRole> roles) {
        if (roles.isEmpty()) {
            return "role=" + role;
        }
        return "role=" + role + "; projectRoles=" + roles.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).sorted().collect(Collectors.joining(","));
    }

    private Membership findMember(Workspace workspace, String userRef) {
        return Ids.parse(userRef)
                .flatMap(id -> memberships.findByWorkspaceIdAndUserId(workspace.id(), id))
                .orElseThrow(() -> ProblemException.notFound("member not found"));
    }

    private void requireAnotherOwner(Workspace workspace) {
        if (memberships.countByWorkspaceIdAndRole(workspace.id(), WorkspaceRole.OWNER) <= 1) {
            throw ProblemException.conflict("a workspace must keep at least one OWNER");
        }
    }

    private Map<UUID, ProjectRole> validateProjectRoles(Workspace workspace, WorkspaceRole role,
                                                        @Nullable Map<String, ProjectRole> requested) {
        if (requested == null || requested.isEmpty()) {
            return Map.of();
        }
        if (role != WorkspaceRole.MEMBER) {
            throw ProblemException.badRequest("projectRoles",
                    "projectRoles apply to MEMBERs only; OWNERs and ADMINs hold their role on every project");
        }
        Map<UUID, ProjectRole> roles = new LinkedHashMap<>();
        for (Map.Entry<String, ProjectRole> e : requested.entrySet()) {
            UUID projectId = Ids.parse(e.getKey()).orElseThrow(() ->
                    ProblemException.badRequest("projectRoles", "'" + e.getKey() + "' is not a project id"));
            if (e.getValue() == null) {
                throw ProblemException.badRequest("projectRoles", "a project role must be one of NONE, TESTER, DEVELOPER, ADMIN, OWNER");
            }
            if (e.getValue() != ProjectRole.NONE) {
                roles.put(projectId, e.getValue());
            }
        }
        List<Project> found = projects.findInWorkspace(workspace.id(), roles.keySet());
        if (found.size() != roles.size()) {
            throw ProblemException.badRequest("projectRoles", "every project must exist in this workspace");
        }
        return roles;
    }

    private void saveProjectRoles(UUID workspaceId, UUID userId, Map<UUID, ProjectRole> roles) {
        for (Map.Entry<UUID, ProjectRole> e : roles.entrySet()) {
            projectRoles.save(new ProjectRoleAssignment(Ids.newId(), workspaceId, userId, e.getKey(), e.getValue()));
        }
    }

    private Map<UUID, ProjectRole> currentProjectRoles(UUID workspaceId, UUID userId) {
        Map<UUID, ProjectRole> roles = new LinkedHashMap<>();
        for (ProjectRoleAssignment a : projectRoles.findByWorkspaceIdAndUserId(workspaceId, userId)) {
            roles.put(a.projectId(), a.role());
        }
        return roles;
    }
}
