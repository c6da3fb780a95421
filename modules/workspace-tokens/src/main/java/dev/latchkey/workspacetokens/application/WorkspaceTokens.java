package dev.latchkey.workspacetokens.application;

import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.SensitiveOperations;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.Expiry;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenNames;
import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.workspacetokens.model.WorkspaceGrant;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import dev.latchkey.workspacetokens.persistence.WorkspaceTokenRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of a workspace's API tokens. Only those holding {@code tokens:manage} on the workspace
 * (its OWNERs) manage them; minting, regenerating, copying and revoking with a login session need
 * the sudo confirmation. The creator must hold every right it grants, and so must whoever
 * regenerates or copies a token, since a fresh secret is a fresh hand-out of the grant. The secret
 * is returned once, in {@link Issued}, and never stored. Every look-up names the workspace.
 */
@Singleton
public class WorkspaceTokens {
    public static final int MAX_GRANTED_PROJECTS = 500;

    private final WorkspaceTokenRepository tokens;
    private final TokenIssuer issuer;
    private final WorkspaceTokenResolver resolver;
    private final Workspaces workspaces;
    private final Projects projects;
    private final WorkspacePolicies policies;
    private final Access access;
    private final Confirmations confirmations;
    private final AuditTrail audit;
    private final Caps caps;
    private final Clock clock;

    public WorkspaceTokens(WorkspaceTokenRepository tokens, TokenIssuer issuer, WorkspaceTokenResolver resolver,
                           Workspaces workspaces, Projects projects, WorkspacePolicies policies, Access access,
                           Confirmations confirmations, AuditTrail audit, Caps caps, Clock clock) {
        this.audit = audit;
        this.caps = caps;
        this.tokens = tokens;
        this.issuer = issuer;
        this.resolver = resolver;
        this.workspaces = workspaces;
        this.projects = projects;
        this.policies = policies;
        this.access = access;
        this.confirmations = confirmations;
        this.clock = clock;
    }

    /** A grant as a client wrote it: {@code {"allProjects": ROLE}} or {@code {"projects": {id: ROLE}}}. */
    public record GrantRequest(@Nullable String allProjects, @Nullable Map<String, String> projects) {
    }

    /** What an owner asks for when creating a token. */
    public record CreateCommand(String name, @Nullable String note, @Nullable GrantRequest grant,
                                @Nullable List<String> ipRestrictions, @Nullable String expiration,
                                @Nullable Instant expiresAt) {
    }

    /** A token together with its secret: only ever the answer to create, regenerate and copy. */
    public record Issued(WorkspaceToken token, String secret) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    @Transactional
    public Issued create(Caller caller, String ws, CreateCommand command, @Nullable String confirmPassword) {
        Workspace workspace = manage(caller, ws);
        confirmations.require(caller, confirmPassword);
        Instant now = Times.now(clock);
        String name = TokenNames.requireValid(command.name());
        String note = TokenNames.note(command.note());
        WorkspaceGrant grant = parseGrant(workspace.id(), command.grant());
        requireMayGrant(caller, workspace.id(), grant);
        IpRestrictions ips = IpRestrictions.parse(command.ipRestrictions());
        Instant expiresAt = Expiry.resolve(command.expiration(), command.expiresAt(), now).orElse(null);
        policies.checkLifetime(workspace.id(), expiresAt, now);
        requireRoomIn(workspace.id(), now);
        IssuedToken secret = issuer.issue(TokenKind.WORKSPACE);
        WorkspaceToken token = tokens.save(new WorkspaceToken(Ids.newId(), workspace.id(), name, note, secret.hash(),
                secret.hint(), grant.storedAllProjectsRole(), grant.storedProjectRoles(), caller.userId(),
                ips.storageForm(), now, now, now, expiresAt, null, null, null));
        record(caller, AuditAction.TOKEN_CREATED, token);
        return new Issued(token, secret.token());
    }

    public <T> Page<T> list(Caller caller, String ws, @Nullable String state, PageRequest page,
                            Function<WorkspaceToken, T> view) {
        UUID workspaceId = manage(caller, ws).id();
        Instant now = Times.now(clock);
        List<WorkspaceToken> rows;
        if (state == null) {
            rows = tokens.page(workspaceId, page.after(), page.fetchSize());
        } else {
            rows = switch (TokenState.fromCode(state).orElseThrow(() ->
                    ProblemException.badRequest("state", "state must be one of active, expired, revoked"))) {
                case ACTIVE -> tokens.pageActive(workspaceId, page.after(), now, page.fetchSize());
                case EXPIRED -> tokens.pageExpired(workspaceId, page.after(), now, page.fetchSize());
                case REVOKED -> tokens.pageRevoked(workspaceId, page.after(), page.fetchSize());
            };
        }
        return Page.of(rows, page, WorkspaceToken::id, view);
    }

    public WorkspaceToken get(Caller caller, String ws, String id) {
        return find(manage(caller, ws).id(), id);
    }

    @Transactional
    public WorkspaceToken update(Caller caller, String ws, String id, @Nullable String name, @Nullable String note,
                                 @Nullable List<String> ipRestrictions) {
        WorkspaceToken token = findForUpdate(manage(caller, ws).id(), id);
        String newIps = ipRestrictions == null ? token.ipRestrictions() : IpRestrictions.parse(ipRestrictions).storageForm();
        confirmations.requireIf(caller, SensitiveOperations.widensIpRestrictions(token.ipRestrictions(), newIps));
        WorkspaceToken updated = tokens.update(token.withDetails(name == null ? token.name() : TokenNames.requireValid(name),
                note == null ? token.note() : TokenNames.note(note), newIps, Times.now(clock)));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_UPDATED, updated);
        return updated;
    }

    /** New secret, same id and grant, a new expiry; the old secret is dead before this returns. */
    @Transactional
    public Issued regenerate(Caller caller, String ws, String id, @Nullable String expiration,
                             @Nullable Instant expiresAt, @Nullable String confirmPassword) {
        UUID workspaceId = manage(caller, ws).id();
        confirmations.require(caller, confirmPassword);
        WorkspaceToken token = findForUpdate(workspaceId, id);
        if (token.revokedAt() != null) {
            throw ProblemException.conflict("a revoked token cannot be regenerated; create a new one");
        }
        requireMayGrant(caller, workspaceId, token.grant());
        Instant now = Times.now(clock);
        Instant newExpiry = Expiry.resolve(expiration, expiresAt, now).orElse(null);
        policies.checkLifetime(workspaceId, newExpiry, now);
        IssuedToken secret = issuer.issue(TokenKind.WORKSPACE);
        WorkspaceToken updated = tokens.update(token.withSecret(secret.hash(), secret.hint(), newExpiry, now));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_REGENERATED, updated);
        return new Issued(updated, secret.token());
    }

    /** The per-workspace cap on live tokens (create and copy; regenerate replaces a secret in place). */
    private void requireRoomIn(UUID workspaceId, Instant now) {
        caps.check(Caps.Cap.WORKSPACE_TOKENS_PER_WORKSPACE, workspaceId, () -> tokens.countActive(workspaceId, now));
    }

    /** A new token with an existing one's grant, note and IP restrictions: never a wider grant. */
    @Transactional
    public Issued copy(Caller caller, String ws, String id, @Nullable String name, @Nullable String expiration,
                       @Nullable Instant expiresAt, @Nullable String confirmPassword) {
        UUID workspaceId = manage(caller, ws).id();
        confirmations.require(caller, confirmPassword);
        WorkspaceToken source = find(workspaceId, id);
        requireMayGrant(caller, workspaceId, source.grant());
        Instant now = Times.now(clock);
        String newName = name != null ? TokenNames.requireValid(name) : TokenNames.copyOf(source.name());
        Instant newExpiry = Expiry.resolve(expiration, expiresAt, now).orElse(null);
        policies.checkLifetime(workspaceId, newExpiry, now);
        requireRoomIn(workspaceId, now);
        IssuedToken secret = issuer.issue(TokenKind.WORKSPACE);
        WorkspaceToken copy = tokens.save(new WorkspaceToken(Ids.newId(), workspaceId, newName, source.note(),
                secret.hash(), secret.hint(), source.allProjectsRole(), source.projectRoles(), caller.userId(),
                source.ipRestrictions(), now, now, now, newExpiry, null, null, null));
        record(caller, AuditAction.TOKEN_COPIED, copy);
        return new Issued(copy, secret.token());
    }

    @Transactional
    public WorkspaceToken revoke(Caller caller, String ws, String id, @Nullable String confirmPassword) {
        UUID workspaceId = manage(caller, ws).id();
        confirmations.require(caller, confirmPassword);
        WorkspaceToken token = findForUpdate(workspaceId, id);
        WorkspaceToken result = token.revokedAt() != null ? token : tokens.update(token.revoked(Times.now(clock)));
        resolver.evict(token.tokenHash());
        if (token.revokedAt() == null) {
            record(caller, AuditAction.TOKEN_REVOKED, result);
        }
        return result;
    }

    private void record(Caller caller, AuditAction action, WorkspaceToken token) {
        audit.record(AuditEvent.by(caller, action).onToken(TokenKind.WORKSPACE.code(), token.id(), token.workspaceId(), null)
                .withDetails("name=" + AuditTrail.redact(token.name()) + "; grant=" + token.grant()));
    }

    /** Unknown workspace and no access are one 404; access without {@code tokens:manage} is a 403. */
    private Workspace manage(Caller caller, String ws) {
        return workspaces.resolve(caller, ws, Permission.TOKENS_MANAGE);
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
    private void requireMayGrant(Caller caller, UUID workspaceId, WorkspaceGrant grant) {
        access.requireMayGrant(caller, grant.grants(workspaceId));
    }

    private WorkspaceToken find(UUID workspaceId, String id) {
        return Ids.parse(id).flatMap(uuid -> tokens.findByWorkspaceIdAndId(workspaceId, uuid))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    private WorkspaceToken findForUpdate(UUID workspaceId, String id) {
        return Ids.parse(id).flatMap(uuid -> tokens.findByWorkspaceIdAndIdForUpdate(workspaceId, uuid))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }
}
