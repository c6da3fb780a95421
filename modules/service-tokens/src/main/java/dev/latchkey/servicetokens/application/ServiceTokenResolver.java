package dev.latchkey.servicetokens.application;

import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.tokens.core.TokenFacts;
import java.util.Map;
import dev.latchkey.tokens.core.PermissionList;

import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.StoredToken;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenTable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code lks_} token -> principal. A service user holds exactly what its token grants, so the
 * grant is both the subject's rights and the ceiling. The row is cached by its hash (unknown
 * hashes too, so junk costs no query) and the user's status by {@link ActiveUsers}, each for
 * {@code latchkey.tokens.cache-ttl}; changes made on this node evict at once, other nodes follow
 * within the TTL. The workspace token policy's allowed IP ranges are checked at every use.
 */
@Singleton
public class ServiceTokenResolver extends StoredTokenResolver<ServiceToken, ServiceTokenResolver.Snapshot> {
    /** What the cache keeps: the row's decision-relevant parts, prepared once. */
    record Snapshot(UUID tokenId, UUID userId, UUID workspaceId, Instant issuedAt, Instant revokedAt, Instant expiresAt,
                    IpRestrictions ip, Rights grant) implements StoredToken {
    }

    private final ActiveUsers activeUsers;

    public ServiceTokenResolver(TokenTable<ServiceToken> tokens, TokenIssuer issuer, ActiveUsers activeUsers,
                                WorkspacePolicies policies, AfterCommit afterCommit,
                                TokenSettings settings, SupersededSecrets superseded, Clock clock) {
        super(issuer, policies, tokens, superseded, settings.cacheTtl(), 200_000, afterCommit, clock);
        this.activeUsers = activeUsers;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.SERVICE;
    }


    @Override
    protected Optional<TokenResolution> admitCached(Snapshot s, RequestContext context) {
        if (activeUsers.ifCached(s.userId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(admit(s, context));
    }

    @Override
    protected Optional<RefusalReason> standing(Snapshot s) {
        // suspending (or deleting) a service user stops all its tokens
        return standing(activeUsers.isActive(s.userId()));
    }

    /** A page of a list is one service user's: its status is read once for it. */
    @Override
    protected Function<Snapshot, Optional<RefusalReason>> standingOfOnePage() {
        Map<UUID, Boolean> active = new HashMap<>();
        return s -> standing(active.computeIfAbsent(s.userId(), activeUsers::isActive));
    }

    private static Optional<RefusalReason> standing(boolean userActive) {
        return userActive ? Optional.empty() : Optional.of(RefusalReason.SUBJECT_INACTIVE);
    }

    @Override
    protected TokenResolution admit(Snapshot s, RequestContext context) {
        Optional<RefusalReason> refusal = standing(s);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), s.tokenId());
        }
        Principal principal = Principal.token(PrincipalKind.SERVICE_TOKEN, s.userId(), s.tokenId(), s.grant(), s.grant());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    @Override
    public Optional<TokenFacts> facts(UUID tokenId) {
        return row(tokenId).map(t -> new TokenFacts(TokenKind.SERVICE, t.id(),
                TokenFacts.serviceSubject(t.serviceUserId()), t.createdAt(), t.expiresAt(), t.workspaceId(),
                Map.of("permissions", PermissionList.keys(t.permissions()), "allProjects", t.allProjects(),
                        "projects", t.grant().projectIds().stream().map(UUID::toString).toList()), null));
    }



    @Override
    protected Snapshot snapshot(ServiceToken t) {
        return new Snapshot(t.id(), t.serviceUserId(), t.workspaceId(), t.issuedAt(), t.revokedAt(), t.expiresAt(),
                IpRestrictions.fromStorage(t.ipRestrictions()), t.grant().rights(t.workspaceId()));
    }
}
