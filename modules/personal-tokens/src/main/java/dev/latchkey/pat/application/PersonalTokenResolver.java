package dev.latchkey.pat.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.authz.Scope;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.user.Users;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.pat.persistence.PersonalTokenRepository;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenResolver;
import dev.latchkey.tokens.core.TokenState;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code lkp_} token -> principal. The row is cached by its hash for {@code latchkey.tokens.cache-ttl}
 * (unknown hashes too, so junk costs no query); the user's rights come from {@link SubjectRights}
 * at every request, so losing a membership is felt at once on this node, less the workspaces whose
 * token policy refuses personal tokens or this client address ({@link WorkspacePolicies}).
 */
@Singleton
public class PersonalTokenResolver implements TokenResolver {
    /** What the cache keeps: the row's decision-relevant parts, prepared once. */
    record Snapshot(UUID tokenId, UUID userId, Instant revokedAt, Instant expiresAt, IpRestrictions ip, Rights ceiling) {
    }

    private static final Optional<Snapshot> UNKNOWN = Optional.empty();

    private final PersonalTokenRepository tokens;
    private final TokenIssuer issuer;
    private final SubjectRights subjectRights;
    private final Users users;
    private final WorkspacePolicies policies;
    private final Cache<String, Optional<Snapshot>> cache;
    private final Cache<UUID, Boolean> activeUsers;

    public PersonalTokenResolver(PersonalTokenRepository tokens, TokenIssuer issuer, SubjectRights subjectRights,
                                 Users users, WorkspacePolicies policies,
                                 @Value("${latchkey.tokens.cache-ttl:5s}") Duration ttl) {
        this.tokens = tokens;
        this.issuer = issuer;
        this.subjectRights = subjectRights;
        this.users = users;
        this.policies = policies;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).build();
        this.activeUsers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    @Override
    public TokenKind kind() {
        return TokenKind.PERSONAL;
    }

    @Override
    public TokenResolution resolve(ParsedToken token, RequestContext context) {
        String hash = issuer.storageHash(token);
        Optional<Snapshot> found = cache.get(hash, h -> tokens.findByTokenHash(h).map(PersonalTokenResolver::snapshot));
        if (found.isEmpty()) {
            return new TokenResolution.Refused(RefusalReason.UNKNOWN, null);
        }
        Snapshot s = found.get();
        Optional<RefusalReason> refusal = TokenState.refusal(s.revokedAt(), s.expiresAt(), s.ip(), context);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), s.tokenId());
        }
        if (!activeUsers.get(s.userId(), id -> users.findActive(id).isPresent())) {
            return new TokenResolution.Refused(RefusalReason.SUBJECT_INACTIVE, s.tokenId());
        }
        Principal principal = Principal.token(PrincipalKind.PERSONAL_TOKEN, s.userId(), s.tokenId(),
                policies.personalTokenRights(subjectRights.ofHuman(s.userId()), context.clientIp()), s.ceiling());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    /** The old secret stops working on this node before the revoking or regenerating response is sent. */
    public void evict(String tokenHash) {
        cache.invalidate(tokenHash);
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

    private static Snapshot snapshot(PersonalToken t) {
        return new Snapshot(t.id(), t.userId(), t.revokedAt(), t.expiresAt(), IpRestrictions.fromStorage(t.ipRestrictions()),
                ceiling(t.userId(), Scopes.decode(t.scopes()), t.workspaceId()));
    }
}
