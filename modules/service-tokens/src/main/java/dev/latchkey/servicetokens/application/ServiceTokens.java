package dev.latchkey.servicetokens.application;

import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
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
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.model.ServiceGrant;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.servicetokens.persistence.ServiceTokenRepository;
import dev.latchkey.tokens.core.Expiry;
import dev.latchkey.tokens.core.ExpiryPreset;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenNames;
import dev.latchkey.tokens.core.TokenState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rules of service users' tokens. Minted by an admin for someone else, so the creator must
 * hold every permission it grants, on every project the grant covers (403 otherwise). The grant
 * carries project-level permissions only (and {@code owner}, which then means owner of those
 * projects): a workspace- or user-level permission is refused with 400, because a service user
 * acts on projects and must not administer the workspace or anyone in it. The secret is returned
 * once, in {@link Issued}, and never stored.
 */
@Singleton
public class ServiceTokens {
    public static final int MAX_PROJECTS = 100;
    /** The name of a token created without a name or note. */
    static final String DEFAULT_NAME = "service token";

    private final ServiceTokenRepository tokens;
    private final ServiceUsers serviceUsers;
    private final ServiceTokenResolver resolver;
    private final TokenIssuer issuer;
    private final Projects projects;
    private final Access access;
    private final Confirmations confirmations;
    private final WorkspacePolicies policies;
    private final AuditTrail audit;
    private final Caps caps;
    private final Clock clock;

    public ServiceTokens(ServiceTokenRepository tokens, ServiceUsers serviceUsers, ServiceTokenResolver resolver,
                         TokenIssuer issuer, Projects projects, Access access,
                         Confirmations confirmations, WorkspacePolicies policies, AuditTrail audit, Caps caps,
                         Clock clock) {
        this.audit = audit;
        this.caps = caps;
        this.tokens = tokens;
        this.serviceUsers = serviceUsers;
        this.resolver = resolver;
        this.issuer = issuer;
        this.projects = projects;
        this.access = access;
        this.confirmations = confirmations;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * What an admin asks for. Neither {@code expiration} nor {@code expiresAt}: the token does not
     * expire (the API's clients send {@code "expiresAt": null} for that), which a workspace policy
     * with a maximum lifetime or required expiry refuses (400 naming the rule).
     */
    public record CreateCommand(@Nullable String name, @Nullable String note, @Nullable List<String> permissions,
                                @Nullable Boolean allProjects, @Nullable List<String> projects,
                                @Nullable List<String> ipRestrictions, @Nullable String expiration,
                                @Nullable Instant expiresAt) {
    }

    /** A token with what its view shows besides the row: its service user and its projects. */
    public record Shown(ServiceToken token, User user, List<Project> projects) {
    }

    /** A token together with its secret: only ever the answer to create and regenerate. */
    public record Issued(Shown shown, String secret) {
        @Override
        public String toString() {
            return "Issued[" + shown.token() + "]";
        }
    }

    @Transactional
    public Issued create(Caller caller, String userId, CreateCommand command, @Nullable String confirmPassword) {
        User user = serviceUsers.managed(caller, userId);
        confirmations.require(caller, confirmPassword);
        Instant now = Times.now(clock);
        String note = TokenNames.note(command.note());
        String name = TokenNames.requireValid(command.name() != null ? command.name() : defaultName(note));
        ServiceGrant grant = parseGrant(user.workspaceId(), command.permissions(), command.allProjects(), command.projects());
        requireMayGrant(caller, user.workspaceId(), grant);
        IpRestrictions ips = IpRestrictions.parse(command.ipRestrictions());
        Instant expiresAt = expiry(command.expiration(), command.expiresAt(), now);
        policies.checkLifetime(user.workspaceId(), expiresAt, now);
        caps.check(Caps.Cap.SERVICE_TOKENS_PER_WORKSPACE, user.workspaceId(),
                () -> tokens.countActive(user.workspaceId(), now));
        IssuedToken secret = issuer.issue(TokenKind.SERVICE);
        ServiceToken token = tokens.save(new ServiceToken(Ids.newId(), user.workspaceId(), user.id(), name, note,
                secret.hash(), secret.hint(), grant.storedPermissions(), grant.allProjects(), grant.storedProjectIds(),
                ips.storageForm(), now, now, expiresAt, null, null, null));
        record(caller, AuditAction.TOKEN_CREATED, token);
        return new Issued(show(token, user), secret.token());
    }

    public <T> Page<T> list(Caller caller, String userId, @Nullable String state, PageRequest page,
                            Function<Shown, T> view) {
        User user = serviceUsers.managed(caller, userId);
        UUID ws = user.workspaceId();
        Instant now = Times.now(clock);
        List<ServiceToken> rows;
        if (state == null) {
            rows = tokens.page(ws, user.id(), page.after(), page.fetchSize());
        } else {
            rows = switch (TokenState.fromCode(state).orElseThrow(() ->
                    ProblemException.badRequest("state", "state must be one of active, expired, revoked"))) {
                case ACTIVE -> tokens.pageActive(ws, user.id(), page.after(), now, page.fetchSize());
                case EXPIRED -> tokens.pageExpired(ws, user.id(), page.after(), now, page.fetchSize());
                case REVOKED -> tokens.pageRevoked(ws, user.id(), page.after(), page.fetchSize());
            };
        }
        Map<UUID, Project> byId = projectsOf(ws, rows);
        return Page.of(rows, page, ServiceToken::id, t -> view.apply(new Shown(t, user,
                t.grant().projectIds().stream().map(byId::get).filter(Objects::nonNull).toList())));
    }

    public Shown get(Caller caller, String userId, String tokenId) {
        User user = serviceUsers.managed(caller, userId);
        return show(find(user, tokenId), user);
    }

    /** Name, note and IP restrictions; the grant of a token never changes (mint a new one instead). */
    @Transactional
    public Shown update(Caller caller, String userId, String tokenId, @Nullable String name, @Nullable String note,
                        @Nullable List<String> ipRestrictions) {
        User user = serviceUsers.managed(caller, userId);
        ServiceToken token = findForUpdate(user, tokenId);
        String newIps = ipRestrictions == null ? token.ipRestrictions() : IpRestrictions.parse(ipRestrictions).storageForm();
        confirmations.requireIf(caller, SensitiveOperations.widensIpRestrictions(token.ipRestrictions(), newIps));
        ServiceToken updated = tokens.update(token.withDetails(name == null ? token.name() : TokenNames.requireValid(name),
                note == null ? token.note() : TokenNames.note(note), newIps, Times.now(clock)));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_UPDATED, updated);
        return show(updated, user);
    }

    /**
     * New secret, same id and grant; the old secret is dead before this returns. A new secret is a
     * new credential, so whoever regenerates must hold the grant just as its creator had to.
     */
    @Transactional
    public Issued regenerate(Caller caller, String userId, String tokenId, @Nullable String expiration,
                             @Nullable Instant expiresAt, @Nullable String confirmPassword) {
        User user = serviceUsers.managed(caller, userId);
        confirmations.require(caller, confirmPassword);
        ServiceToken token = findForUpdate(user, tokenId);
        if (token.revokedAt() != null) {
            throw ProblemException.conflict("a revoked token cannot be regenerated; create a new one");
        }
        requireMayGrant(caller, user.workspaceId(), token.grant());
        Instant now = Times.now(clock);
        Instant newExpiry = expiry(expiration, expiresAt, now);
        policies.checkLifetime(user.workspaceId(), newExpiry, now);
        IssuedToken secret = issuer.issue(TokenKind.SERVICE);
        ServiceToken updated = tokens.update(token.withSecret(secret.hash(), secret.hint(), newExpiry, now));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_REGENERATED, updated);
        return new Issued(show(updated, user), secret.token());
    }

    /** Revoked tokens are kept (revokedAt set) and never work again; revoking twice changes nothing. */
    @Transactional
    public void revoke(Caller caller, String userId, String tokenId, @Nullable String confirmPassword) {
        User user = serviceUsers.managed(caller, userId);
        confirmations.require(caller, confirmPassword);
        ServiceToken token = findForUpdate(user, tokenId);
        if (token.revokedAt() == null) {
            tokens.update(token.revoked(Times.now(clock)));
            record(caller, AuditAction.TOKEN_REVOKED, token);
        }
        resolver.evict(token.tokenHash());
    }

    private void record(Caller caller, AuditAction action, ServiceToken token) {
        audit.record(AuditEvent.by(caller, action).onToken(TokenKind.SERVICE.code(), token.id(), token.workspaceId(), null)
                .withDetails("permissions=" + token.permissions() + "; allProjects=" + token.allProjects()
                        + (token.projectIds() == null ? "" : "; projects=" + token.projectIds())));
    }

    /** Neither expiration nor expiresAt means "never" for service tokens (see {@link CreateCommand}). */
    private static Instant expiry(@Nullable String expiration, @Nullable Instant expiresAt, Instant now) {
        String preset = expiration == null && expiresAt == null ? ExpiryPreset.NEVER.label() : expiration;
        return Expiry.resolve(preset, expiresAt, now).orElse(null);
    }

    private ServiceGrant parseGrant(UUID workspaceId, @Nullable List<String> keys, @Nullable Boolean allProjects,
                                    @Nullable List<String> projectRefs) {
        Set<Permission> permissions = PermissionList.parse("permissions", keys);
        for (Permission p : permissions) {
            if (p.level() != Level.PROJECT && p.level() != Level.ANY) {
                throw ProblemException.badRequest("permissions", p.key() + " is a " + p.level().name().toLowerCase()
                        + "-level permission; a service token carries project permissions only");
            }
        }
        boolean everywhere = Boolean.TRUE.equals(allProjects);
        boolean listed = projectRefs != null && !projectRefs.isEmpty();
        if (everywhere && listed) {
            throw ProblemException.badRequest("projects", "give allProjects: true or a list of projects, not both");
        }
        if (!everywhere && !listed) {
            throw ProblemException.badRequest("projects", "give allProjects: true or a non-empty list of projects");
        }
        if (everywhere) {
            return new ServiceGrant(permissions, true, List.of());
        }
        if (projectRefs.size() > MAX_PROJECTS) {
            throw ProblemException.badRequest("projects", "a token may list at most " + MAX_PROJECTS + " projects");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String ref : projectRefs) {
            ids.add(Ids.parse(ref).orElseThrow(() -> ProblemException.badRequest("projects", "projects must be project ids")));
        }
        // A project of another workspace is answered like a missing one: the request learns nothing about it.
        if (projects.findInWorkspace(workspaceId, ids).size() != ids.size()) {
            throw ProblemException.badRequest("projects", "every project must exist in the service user's workspace");
        }
        return new ServiceGrant(permissions, false, List.copyOf(ids));
    }

    /** The granter must hold every permission it hands out, where it hands it out (the shared grant rule). */
    private void requireMayGrant(Caller caller, UUID workspaceId, ServiceGrant grant) {
        access.requireMayGrant(caller, grant.rights(workspaceId).grants());
    }

    private Shown show(ServiceToken token, User user) {
        List<UUID> ids = token.grant().projectIds();
        Map<UUID, Project> byId = new HashMap<>();
        projects.findInWorkspace(token.workspaceId(), ids).forEach(p -> byId.put(p.id(), p));
        // listed in the order the grant names them; a project deleted since drops out
        return new Shown(token, user, ids.stream().map(byId::get).filter(Objects::nonNull).toList());
    }

    private Map<UUID, Project> projectsOf(UUID workspaceId, Collection<ServiceToken> rows) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(t -> ids.addAll(t.grant().projectIds()));
        Map<UUID, Project> byId = new HashMap<>();
        projects.findInWorkspace(workspaceId, ids).forEach(p -> byId.put(p.id(), p));
        return byId;
    }

    private ServiceToken find(User user, String tokenId) {
        return Ids.parse(tokenId).flatMap(id -> tokens.findByWorkspaceIdAndServiceUserIdAndId(user.workspaceId(), user.id(), id))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    private ServiceToken findForUpdate(User user, String tokenId) {
        return Ids.parse(tokenId)
                .flatMap(id -> tokens.findByWorkspaceIdAndServiceUserIdAndIdForUpdate(user.workspaceId(), user.id(), id))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    private static String defaultName(@Nullable String note) {
        return TokenNames.fromNote(note, DEFAULT_NAME);
    }
}
