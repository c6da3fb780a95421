package dev.latchkey.servicetokens.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.servicetokens.persistence.ServiceTokenRepository;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.StoredToken;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code lks_} token -> principal. A service user holds exactly what its token grants, so the
 * grant is both the subject's rights and the ceiling. The row is cached by its hash (unknown
 * hashes too, so junk costs no query) and the user's status by {@link ActiveUsers}, each for
 * {@code latchkey.tokens.cache-ttl}; changes made on this node evict at once, other nodes follow
 * within the TTL. The workspace token policy's allowed IP ranges are checked at every use.
 */
@Singleton
public class ServiceTokenResolver extends StoredTokenResolver<ServiceTokenResolver.Snapshot> {
    /** What the cache keeps: the row's decision-relevant parts, prepared once. */
    record Snapshot(UUID tokenId, UUID userId, UUID workspaceId, Instant revokedAt, Instant expiresAt,
                    IpRestrictions ip, Rights grant) implements StoredToken {
    }

    private final ServiceTokenRepository tokens;
    private final ActiveUsers activeUsers;
    private final WorkspacePolicies policies;
    private final Cache<String, Optional<Snapshot>> cache;

    public ServiceTokenResolver(ServiceTokenRepository tokens, TokenIssuer issuer, ActiveUsers activeUsers,
                                WorkspacePolicies policies, @Value("${latchkey.tokens.cache-ttl:5s}") Duration ttl) {
        super(issuer);
        this.tokens = tokens;
        this.activeUsers = activeUsers;
        this.policies = policies;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).build();
    }

    @Override
    public TokenKind kind() {
        return TokenKind.SERVICE;
    }

    @Override
    protected Optional<Snapshot> lookUp(String tokenHash) {
        return cache.get(tokenHash, h -> tokens.findByTokenHash(h).map(ServiceTokenResolver::snapshot));
    }

    @Override
    protected TokenResolution admit(Snapshot s, RequestContext context) {
        // suspending (or deleting) a service user stops all its tokens
        if (!activeUsers.isActive(s.userId())) {
            return new TokenResolution.Refused(RefusalReason.SUBJECT_INACTIVE, s.tokenId());
        }
        // the workspace's allowed IP ranges bind every token acting in it, on top of the token's own
        if (!policies.admits(s.workspaceId(), context.clientIp())) {
            return new TokenResolution.Refused(RefusalReason.POLICY_DENIED, s.tokenId());
        }
        Principal principal = Principal.token(PrincipalKind.SERVICE_TOKEN, s.userId(), s.tokenId(), s.grant(), s.grant());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    /** The old secret stops working on this node before the revoking or regenerating response is sent. */
    public void evict(String tokenHash) {
        cache.invalidate(tokenHash);
    }

    private static Snapshot snapshot(ServiceToken t) {
        return new Snapshot(t.id(), t.serviceUserId(), t.workspaceId(), t.revokedAt(), t.expiresAt(),
                IpRestrictions.fromStorage(t.ipRestrictions()), t.grant().rights(t.workspaceId()));
    }
}
