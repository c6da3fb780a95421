package dev.latchkey.pat.application;

import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.authz.Scope;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.governance.PersonalTokenAccess.State;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.pat.persistence.PersonalTokenLookUps;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.StoredToken;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.tokens.core.TokenFacts;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenTable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code lkp_} token -> principal. The row is cached by its hash for {@code latchkey.tokens.cache-ttl}
 * (unknown hashes too, so junk costs no query); the user's rights come from {@link SubjectRights}
 * at every request, so losing a membership is felt at once on this node, less the workspaces whose
 * token policy refuses personal tokens or this client address ({@link WorkspacePolicies}).
 */
@Singleton
public class PersonalTokenResolver extends StoredTokenResolver<PersonalToken, PersonalTokenResolver.Snapshot> {
    /**
     * What the cache keeps: the row's decision-relevant parts, prepared once, and the token's state in
     * each workspace that has one (governance), read in the same query ({@link PersonalTokenLookUps}).
     */
    record Snapshot(UUID tokenId, UUID userId, UUID workspaceId, Instant issuedAt, Instant revokedAt,
                    Instant expiresAt, IpRestrictions ip, Rights ceiling, Map<UUID, State> states) implements StoredToken {
    }

    private final SubjectRights subjectRights;
    private final ActiveUsers activeUsers;
    private final WorkspacePolicies policies;
    private final PersonalTokenAccesses accesses;
    private final PersonalTokenLookUps lookUps;

    public PersonalTokenResolver(TokenTable<PersonalToken> tokens, TokenIssuer issuer, SubjectRights subjectRights,
                                 ActiveUsers activeUsers, WorkspacePolicies policies, AfterCommit afterCommit,
                                 TokenSettings settings, SupersededSecrets superseded, Clock clock,
                                 PersonalTokenAccesses accesses, PersonalTokenLookUps lookUps) {
        super(issuer, policies, tokens, superseded, settings.cacheTtl(), 200_000, afterCommit, clock);
        this.subjectRights = subjectRights;
        this.activeUsers = activeUsers;
        this.policies = policies;
        this.accesses = accesses;
        this.lookUps = lookUps;
        // an approval, denial or cut-off changes what a cached snapshot holds: drop it on every node
        accesses.onChange(this::evictLocally);
    }

    @Override
    public TokenKind kind() {
        return TokenKind.PERSONAL;
    }


    @Override
    protected Optional<RefusalReason> standing(Snapshot s) {
        return standing(s, activeUsers.isActive(s.userId()));
    }

    /** A page of a list is one user's: the user's status is read once for it. */
    @Override
    protected Function<Snapshot, Optional<RefusalReason>> standingOfOnePage() {
        Map<UUID, Boolean> active = new HashMap<>();
        return s -> standing(s, active.computeIfAbsent(s.userId(), activeUsers::isActive));
    }

    private static Optional<RefusalReason> standing(Snapshot s, boolean userActive) {
        if (!userActive) {
            return Optional.of(RefusalReason.SUBJECT_INACTIVE);
        }
        // governance (issue #19): pending/denied approval refuses
        return PersonalTokenAccesses.refusal(s.states(), s.workspaceId());
    }

    @Override
    protected TokenResolution admit(Snapshot s, RequestContext context) {
        Optional<RefusalReason> refusal = standing(s);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), s.tokenId());
        }
        // a workspace that cut the token off drops out of its rights
        Map<UUID, State> states = s.states();
        Principal principal = Principal.token(PrincipalKind.PERSONAL_TOKEN, s.userId(), s.tokenId(),
                PersonalTokenAccesses.restrict(states, policies.personalTokenRights(subjectRights.ofHuman(s.userId()),
                        context.clientIp(), s.issuedAt(), s.expiresAt())), s.ceiling());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    @Override
    protected Optional<TokenResolution> admitCached(Snapshot s, RequestContext context) {
        Optional<Boolean> active = activeUsers.ifCached(s.userId());
        Optional<Rights> rights = subjectRights.ifCached(s.userId());
        if (active.isEmpty() || rights.isEmpty()) {
            return Optional.empty();
        }
        if (!active.get()) {
            return Optional.of(new TokenResolution.Refused(RefusalReason.SUBJECT_INACTIVE, s.tokenId()));
        }
        Optional<RefusalReason> governance = PersonalTokenAccesses.refusal(s.states(), s.workspaceId());
        if (governance.isPresent()) {
            return Optional.of(new TokenResolution.Refused(governance.get(), s.tokenId()));
        }
        return policies.personalTokenRightsIfCached(rights.get(), context.clientIp(), s.issuedAt(), s.expiresAt())
                .map(admitted -> new TokenResolution.Accepted(Principal.token(PrincipalKind.PERSONAL_TOKEN, s.userId(),
                        s.tokenId(), PersonalTokenAccesses.restrict(s.states(), admitted), s.ceiling()), s.tokenId()));
    }

    @Override
    public Optional<TokenFacts> facts(UUID tokenId) {
        return row(tokenId).map(t -> new TokenFacts(TokenKind.PERSONAL, t.id(),
                TokenFacts.userSubject(t.userId()), t.createdAt(), t.expiresAt(), t.workspaceId(),
                Map.of("scopes", PermissionList.keys(t.scopes())), t.userId()));
    }



    static Rights ceiling(UUID userId, Set<Permission> scopes, UUID workspaceId) {
        List<Grant> grants = new ArrayList<>();
        if (workspaceId == null) {
            grants.addAll(Grants.permissionsOn(new Scope.Global(), scopes, "token scopes"));
        } else {
            String source = "token scopes, limited to workspace " + workspaceId;
            grants.addAll(Grants.permissionsOn(new Scope.Workspace(workspaceId), scopes, source));
            grants.addAll(Grants.permissionsOn(new Scope.AllProjects(workspaceId), scopes, source));
            grants.addAll(Grants.permissionsOn(new Scope.User(userId), scopes, source));
        }
        return Rights.of(grants);
    }

    /** A cache miss: the row and its workspace states in one query. */
    @Override
    protected Optional<Snapshot> findByHash(String hash) {
        return lookUps.byHash(hash).map(found -> snapshot(found.token(), found.states()));
    }

    @Override
    protected Optional<Snapshot> findById(UUID tokenId) {
        return lookUps.byId(tokenId).map(found -> snapshot(found.token(), found.states()));
    }

    /** A row read without its states (not the resolution's path, which reads both at once). */
    @Override
    protected Snapshot snapshot(PersonalToken t) {
        return snapshot(t, accesses.statesOf(t.id()));
    }

    /**
     * A page of a list: the workspace states of all its tokens in one query per owner (a page is one
     * user's, so one query), not one per token.
     */
    @Override
    protected List<Snapshot> snapshots(List<PersonalToken> rows) {
        Map<UUID, List<UUID>> idsByUser = new LinkedHashMap<>();
        for (PersonalToken t : rows) {
            idsByUser.computeIfAbsent(t.userId(), u -> new ArrayList<>()).add(t.id());
        }
        Map<UUID, Map<UUID, State>> states = new HashMap<>();
        idsByUser.forEach((userId, ids) -> states.putAll(accesses.statesOf(userId, ids)));
        return rows.stream().map(t -> snapshot(t, states.getOrDefault(t.id(), Map.of()))).toList();
    }

    private static Snapshot snapshot(PersonalToken t, Map<UUID, State> states) {
        return new Snapshot(t.id(), t.userId(), t.workspaceId(), t.issuedAt(), t.revokedAt(), t.expiresAt(),
                IpRestrictions.fromStorage(t.ipRestrictions()),
                ceiling(t.userId(), PermissionList.decode(t.scopes()), t.workspaceId()), states);
    }
}
