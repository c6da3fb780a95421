package dev.latchkey.workspacetokens.application;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenKindService;
import dev.latchkey.directory.tokentypes.TokenTypes;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.lifecycle.NewToken;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.workspacetokens.model.WorkspaceGrant;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import dev.latchkey.workspacetokens.persistence.WorkspaceTokenRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What workspace API tokens add to the one {@link TokenLifecycle}: their owner is a workspace,
 * managed by those holding {@code tokens:manage} on it (its OWNERs); their grant is a project role
 * per project or one role on all projects (or a type's permissions), with {@code self-rotate} beside it
 * if asked for; whoever mints, regenerates or copies one must hold every
 * right it grants. Every look-up names the workspace.
 */
@Singleton
public class WorkspaceTokens extends TokenKindService<Workspace, WorkspaceToken, WorkspaceTokenRepository> {
    public static final int MAX_GRANTED_PROJECTS = 500;

    private final Workspaces workspaces;
    private final Projects projects;

    public WorkspaceTokens(WorkspaceTokenRepository tokens, WorkspaceTokenResolver resolver, Shared shared,
                           Workspaces workspaces, Projects projects) {
        super(tokens, resolver, shared);
        this.workspaces = workspaces;
        this.projects = projects;
    }

    /** A grant as a client wrote it: {@code {"allProjects": ROLE}} or {@code {"projects": {id: ROLE}}}. */
    public record GrantRequest(@Nullable String allProjects, @Nullable Map<String, String> projects) {
    }

    /**
     * The grant of a new token, validated against the workspace before anything is written: a grant
     * or a token type (the type's permissions, project-level ones only, on every project of the
     * workspace, copied now; the creator must be able to grant them, 400 naming {@code type}
     * otherwise), and with {@code selfRotate} the {@code self-rotate} permission beside either, which
     * nobody needs to hold to hand out (it is about the token itself).
     */
    public TokenLifecycle.Grant<Workspace, WorkspaceToken> grant(Caller caller, @Nullable GrantRequest request,
                                                                 @Nullable String type, boolean selfRotate) {
        return (workspace, f) -> {
            WorkspaceGrant grant;
            TokenTypes.Chosen chosen = null;
            if (type != null) {
                if (request != null) {
                    throw ProblemException.badRequest(TokenTypes.FIELD, "give a type or a grant, not both");
                }
                chosen = types.choose(caller, type, workspace.id());
                TokenTypes.requireProjectLevel(chosen, "workspace token");
                grant = WorkspaceGrant.permissionsOnAllProjects(chosen.permissions());
                types.requireMayGrant(caller, grant.grants(workspace.id()));
            } else {
                grant = parseGrant(workspace.id(), request);
            }
            grant = grant.withSelfRotate(selfRotate);
            return new WorkspaceToken(f.id(), workspace.id(), grant.storedAllProjectsRole(), grant.storedProjectRoles(),
                    grant.storedPermissions(), caller.userId(), grant.selfRotate(),
                    TokenColumns.of(f, chosen == null ? null : chosen.id(), chosen == null ? null : chosen.name()));
        };
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORKSPACE;
    }

    /** Unknown workspace and no access are one 404; access without {@code tokens:manage} is a 403. */
    @Override
    public Workspace owner(Caller caller, String ws) {
        return workspaces.resolve(caller, ws, Permission.TOKENS_MANAGE);
    }

    @Override
    public Workspace ownerOf(WorkspaceToken token) {
        return workspaces.findById(token.workspaceId()).orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    /** A copy records who made it ({@code createdBy}), as a new token does. */
    @Override
    public WorkspaceToken copyOf(Caller caller, WorkspaceToken source, NewToken f) {
        return new WorkspaceToken(f.id(), source.workspaceId(), source.allProjectsRole(), source.projectRoles(),
                source.permissions(), caller.userId(), source.selfRotate(), source.common().copy(f));
    }

    /** The cap on live tokens of an owner (the shared caps of #12). */
    @Override
    public void requireRoom(Workspace owner, Instant now) {
        caps.check(Caps.Cap.WORKSPACE_TOKENS_PER_WORKSPACE, owner.id(), () -> tokens.countLive(owner, now));
    }

    @Override
    public String describe(WorkspaceToken token) {
        return "name=" + token.name() + "; grant=" + token.grant();
    }

    /**
     * Validates a grant completely before anything is written: exactly one form, known roles, at
     * least one role that grants something, and only projects of this workspace.
     */
    private WorkspaceGrant parseGrant(UUID workspaceId, @Nullable GrantRequest request) {
        String forms = "give {\"allProjects\": ROLE} or {\"projects\": {\"<projectId>\": ROLE, ...}}";
        if (request == null || (request.allProjects() == null && (request.projects() == null || request.projects().isEmpty()))) {
            throw ProblemException.badRequest("grant", "a grant is required: " + forms);
        }
        if (request.allProjects() != null && request.projects() != null) {
            throw ProblemException.badRequest("grant", "a grant has one form, not both: " + forms);
        }
        if (request.allProjects() != null) {
            ProjectRole role = role(request.allProjects());
            if (role == ProjectRole.NONE) {
                throw ProblemException.badRequest("grant", "allProjects NONE grants nothing: " + forms);
            }
            return WorkspaceGrant.onAllProjects(role);
        }
        if (request.projects().size() > MAX_GRANTED_PROJECTS) {
            throw ProblemException.badRequest("grant", "a grant names at most " + MAX_GRANTED_PROJECTS + " projects");
        }
        Map<UUID, ProjectRole> roles = new HashMap<>();
        request.projects().forEach((key, value) -> roles.put(Ids.parse(key).orElseThrow(() ->
                ProblemException.badRequest("grant", "'" + key + "' is not a project id")), role(value)));
        if (roles.values().stream().allMatch(r -> r == ProjectRole.NONE)) {
            throw ProblemException.badRequest("grant", "every project is given NONE, so the grant is empty");
        }
        Set<UUID> found = projects.findInWorkspace(workspaceId, roles.keySet()).stream().map(Project::id)
                .collect(Collectors.toSet());
        List<String> missing = roles.keySet().stream().filter(id -> !found.contains(id)).map(UUID::toString).sorted().toList();
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest("grant", "not projects of this workspace: " + String.join(", ", missing));
        }
        return WorkspaceGrant.perProject(roles);
    }

    private static ProjectRole role(String name) {
        return ProjectRole.fromName(name).orElseThrow(() -> ProblemException.badRequest("grant",
                "unknown project role '" + name + "'; one of NONE, TESTER, DEVELOPER, ADMIN, OWNER"));
    }

    /** The granter must hold every permission it hands out, where it hands it out (the shared grant rule). */
    @Override
    public void requireMayHandOut(Caller caller, Workspace workspace, WorkspaceToken token) {
        access.requireMayGrant(caller, token.grant().grants(workspace.id()));
    }
}
