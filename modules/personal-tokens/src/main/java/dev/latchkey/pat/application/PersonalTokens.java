package dev.latchkey.pat.application;

import dev.latchkey.directory.caps.Caps;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.SensitiveOperations;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.pat.persistence.PersonalTokenRepository;
import dev.latchkey.tokens.core.Expiry;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenNames;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rules of a user's own tokens. Managed with a login session only (a token never mints or
 * manages PATs); minting and revoking need a fresh login or the password. The secret is returned
 * once, in {@link Issued}, and never stored.
 */
@Singleton
public class PersonalTokens {
    public static final int MAX_BULK_REVOKE = 100;

    private final PersonalTokenRepository tokens;
    private final TokenIssuer issuer;
    private final PersonalTokenResolver resolver;
    private final Workspaces workspaces;
    private final Access access;
    private final Confirmations confirmations;
    private final WorkspacePolicies policies;
    private final AuditTrail audit;
    private final Caps caps;
    private final Clock clock;

    public PersonalTokens(PersonalTokenRepository tokens, TokenIssuer issuer, PersonalTokenResolver resolver,
                          Workspaces workspaces, Access access, Confirmations confirmations, WorkspacePolicies policies,
                          AuditTrail audit, Caps caps, Clock clock) {
        this.tokens = tokens;
        this.issuer = issuer;
        this.resolver = resolver;
        this.workspaces = workspaces;
        this.access = access;
        this.confirmations = confirmations;
        this.policies = policies;
        this.audit = audit;
        this.caps = caps;
        this.clock = clock;
    }

    /** What a user asks for when creating a token. */
    public record CreateCommand(String name, @Nullable String note, List<String> scopes, @Nullable String workspace,
                                @Nullable List<String> ipRestrictions, @Nullable String expiration,
                                @Nullable Instant expiresAt) {
    }

    /** A token together with its secret: only ever the answer to create, regenerate and copy. */
    public record Issued(PersonalToken token, String secret) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    @Transactional
    public Issued create(Caller caller, CreateCommand command, @Nullable String confirmPassword) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        confirmations.require(caller, confirmPassword);
        Instant now = Times.now(clock);
        String name = TokenNames.requireValid(command.name());
        var scopes = PermissionList.parse("scopes", command.scopes());
        UUID workspaceId = command.workspace() == null ? null : ownWorkspace(caller, command.workspace()).id();
        IpRestrictions ips = IpRestrictions.parse(command.ipRestrictions());
        Instant expiresAt = Expiry.resolve(command.expiration(), command.expiresAt(), now).orElse(null);
        checkWorkspaceLifetime(workspaceId, expiresAt, now);
        requireRoomFor(userId, now);
        IssuedToken secret = issuer.issue(TokenKind.PERSONAL);
        PersonalToken token = tokens.save(new PersonalToken(Ids.newId(), userId, name, TokenNames.note(command.note()),
                secret.hash(), secret.hint(), PermissionList.encode(scopes), workspaceId, ips.storageForm(), now, now,
                expiresAt, null, null, null));
        record(caller, AuditAction.TOKEN_CREATED, token, "name=" + AuditTrail.redact(name) + "; scopes=" + token.scopes());
        return new Issued(token, secret.token());
    }

    public <T> Page<T> list(Caller caller, @Nullable String state, PageRequest page, Function<PersonalToken, T> view) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        Instant now = Times.now(clock);
        List<PersonalToken> rows;
        if (state == null) {
            rows = tokens.page(userId, page.after(), page.fetchSize());
        } else {
            rows = switch (TokenState.fromCode(state).orElseThrow(() ->
                    ProblemException.badRequest("state", "state must be one of active, expired, revoked"))) {
                case ACTIVE -> tokens.pageActive(userId, page.after(), now, page.fetchSize());
                case EXPIRED -> tokens.pageExpired(userId, page.after(), now, page.fetchSize());
                case REVOKED -> tokens.pageRevoked(userId, page.after(), page.fetchSize());
            };
        }
        return Page.of(rows, page, PersonalToken::id, view);
    }

    public PersonalToken get(Caller caller, String id) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        return find(userId, id);
    }

    @Transactional
    public PersonalToken update(Caller caller, String id, @Nullable String name, @Nullable String note,
                                @Nullable List<String> ipRestrictions) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        PersonalToken token = findForUpdate(userId, id);
        String newIps = ipRestrictions == null ? token.ipRestrictions() : IpRestrictions.parse(ipRestrictions).storageForm();
        confirmations.requireIf(caller, SensitiveOperations.widensIpRestrictions(token.ipRestrictions(), newIps));
        PersonalToken updated = tokens.update(token.withDetails(name == null ? token.name() : TokenNames.requireValid(name),
                note == null ? token.note() : TokenNames.note(note), newIps, Times.now(clock)));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_UPDATED, updated, changes(token, updated));
        return updated;
    }

    /** New secret, same id and scopes; the old secret is dead before this returns. */
    @Transactional
    public Issued regenerate(Caller caller, String id, @Nullable String expiration, @Nullable Instant expiresAt,
                             @Nullable String confirmPassword) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        confirmations.require(caller, confirmPassword);
        PersonalToken token = findForUpdate(userId, id);
        if (token.revokedAt() != null) {
            throw ProblemException.conflict("a revoked token cannot be regenerated; create a new one");
        }
        Instant now = Times.now(clock);
        Instant newExpiry = Expiry.resolve(expiration, expiresAt, now).orElse(null);
        checkWorkspaceLifetime(token.workspaceId(), newExpiry, now);
        IssuedToken secret = issuer.issue(TokenKind.PERSONAL);
        PersonalToken updated = tokens.update(token.withSecret(secret.hash(), secret.hint(), newExpiry, now));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_REGENERATED, updated, "expiresAt=" + newExpiry);
        return new Issued(updated, secret.token());
    }

    /** A new token with an existing one's settings: never more than the original's scopes. */
    @Transactional
    public Issued copy(Caller caller, String id, @Nullable String name, @Nullable String expiration,
                       @Nullable Instant expiresAt, @Nullable String confirmPassword) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        confirmations.require(caller, confirmPassword);
        PersonalToken source = find(userId, id);
        Instant now = Times.now(clock);
        String newName = name != null ? TokenNames.requireValid(name) : TokenNames.copyOf(source.name());
        if (source.workspaceId() != null) {
            // the copy is only as wide as the user's reach today
            access.requireReach(caller, new Resource.Workspace(source.workspaceId()));
        }
        Instant newExpiry = Expiry.resolve(expiration, expiresAt, now).orElse(null);
        checkWorkspaceLifetime(source.workspaceId(), newExpiry, now);
        requireRoomFor(userId, now);
        IssuedToken secret = issuer.issue(TokenKind.PERSONAL);
        PersonalToken copy = tokens.save(new PersonalToken(Ids.newId(), userId, newName, source.note(), secret.hash(),
                secret.hint(), source.scopes(), source.workspaceId(), source.ipRestrictions(), now, now, newExpiry,
                null, null, null));
        record(caller, AuditAction.TOKEN_COPIED, copy, "copied from " + source.id());
        return new Issued(copy, secret.token());
    }

    @Transactional
    public PersonalToken revoke(Caller caller, String id, @Nullable String confirmPassword) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        confirmations.require(caller, confirmPassword);
        return revokeOwned(caller, findForUpdate(userId, id));
    }

    /** Revokes the caller's tokens among {@code ids}; ids that are not the caller's are reported, not touched. */
    @Transactional
    public BulkRevocation revokeMany(Caller caller, List<String> ids, @Nullable String confirmPassword) {
        UUID userId = caller.requireSessionUser("managing personal access tokens");
        confirmations.require(caller, confirmPassword);
        if (ids == null || ids.isEmpty() || ids.size() > MAX_BULK_REVOKE) {
            throw ProblemException.badRequest("ids", "ids must list 1 to " + MAX_BULK_REVOKE + " token ids");
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        List<String> notFound = new ArrayList<>();
        for (String id : ids) {
            Ids.parse(id).ifPresentOrElse(wanted::add, () -> notFound.add(id));
        }
        List<UUID> revoked = new ArrayList<>();
        Set<UUID> owned = new LinkedHashSet<>();
        for (PersonalToken token : wanted.isEmpty() ? List.<PersonalToken>of() : tokens.findByUserIdAndIdIn(userId, wanted)) {
            owned.add(token.id());
            revokeOwned(caller, token);
            revoked.add(token.id());
        }
        wanted.stream().filter(w -> !owned.contains(w)).map(UUID::toString).forEach(notFound::add);
        return new BulkRevocation(revoked, notFound);
    }

    public record BulkRevocation(List<UUID> revoked, List<String> notFound) {
    }

    private PersonalToken revokeOwned(Caller caller, PersonalToken token) {
        if (token.revokedAt() != null) {
            resolver.evict(token.tokenHash());
            return token;
        }
        PersonalToken result = tokens.update(token.revoked(Times.now(clock)));
        resolver.evict(token.tokenHash());
        record(caller, AuditAction.TOKEN_REVOKED, result, null);
        return result;
    }

    /**
     * A PAT limited to one workspace is that workspace's token too, so its lifetime rules apply; an
     * unlimited PAT answers to no single workspace (its use is still bounded by every policy).
     */
    private void checkWorkspaceLifetime(@Nullable UUID workspaceId, @Nullable Instant expiresAt, Instant now) {
        if (workspaceId != null) {
            policies.checkLifetime(workspaceId, expiresAt, now);
        }
    }

    /** The per-user cap on live tokens (create and copy; regenerate replaces a secret in place). */
    private void requireRoomFor(UUID userId, Instant now) {
        caps.check(Caps.Cap.PERSONAL_TOKENS_PER_USER, userId, () -> tokens.countActive(userId, now));
    }

    private void record(Caller caller, AuditAction action, PersonalToken token, @Nullable String details) {
        audit.record(AuditEvent.by(caller, action).onToken(TokenKind.PERSONAL.code(), token.id(), token.workspaceId(),
                token.userId()).withDetails(details));
    }

    /** Which fields an update changed; names and notes are the user's own words, so only the field names. */
    private static String changes(PersonalToken before, PersonalToken after) {
        List<String> changed = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            changed.add("name");
        }
        if (!java.util.Objects.equals(before.note(), after.note())) {
            changed.add("note");
        }
        if (!java.util.Objects.equals(before.ipRestrictions(), after.ipRestrictions())) {
            changed.add("ipRestrictions=" + after.ipRestrictions());
        }
        return changed.isEmpty() ? "no change" : "changed " + String.join(", ", changed);
    }

    private Workspace ownWorkspace(Caller caller, String ref) {
        try {
            return workspaces.resolve(caller, ref);
        } catch (ProblemException e) {
            throw ProblemException.badRequest("workspace", "workspace '" + ref + "' is not one of yours");
        }
    }

    private PersonalToken find(UUID userId, String id) {
        return Ids.parse(id).flatMap(uuid -> tokens.findByUserIdAndId(userId, uuid))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }

    private PersonalToken findForUpdate(UUID userId, String id) {
        return Ids.parse(id).flatMap(uuid -> tokens.findByUserIdAndIdForUpdate(userId, uuid))
                .orElseThrow(() -> ProblemException.notFound("token not found"));
    }
}
