package dev.latchkey.workspacetokens.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.policy.WorkspacePolicy;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenResolver;
import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import dev.latchkey.workspacetokens.persistence.WorkspaceTokenRepository;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code lkw_} token -> principal. The subject is the workspace and the token holds exactly its
 * grant, so the subject's rights and the ceiling are the same {@link Rights}; none of it is at the
 * workspace level, so a workspace token never manages members, tokens or the workspace. The row is
 * cached by hash for {@code latchkey.tokens.cache-ttl} (unknown hashes too); the workspace policy is
 * looked up (cached by {@link WorkspacePolicies}) at every use, so a policy change reaches existing
 * tokens without rewriting them.
 */
@Singleton
public class WorkspaceTokenResolver implements TokenResolver {
    /** What the cache keeps: the row's decision-relevant parts, the rights built once. */
    record Snapshot(UUID tokenId, UUID workspaceId, Instant issuedAt, Instant revokedAt, Instant expiresAt,
                    IpRestrictions ip, Rights rights) {
    }

    private final WorkspaceTokenRepository tokens;
    private final TokenIssuer issuer;
    private final WorkspacePolicies policies;
    private final Cache<String, Optional<Snapshot>> cache;

    public WorkspaceTokenResolver(WorkspaceTokenRepository tokens, TokenIssuer issuer, WorkspacePolicies policies,
                                  @Value("${latchkey.tokens.cache-ttl:5s}") Duration ttl) {
        this.tokens = tokens;
        this.issuer = issuer;
        this.policies = policies;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORKSPACE;
    }

    @Override
    public TokenResolution resolve(ParsedToken token, RequestContext context) {
        Optional<Snapshot> found = cache.get(issuer.storageHash(token),
                h -> tokens.findByTokenHash(h).map(WorkspaceTokenResolver::snapshot));
        if (found.isEmpty()) {
            return new TokenResolution.Refused(RefusalReason.UNKNOWN, null);
        }
        Snapshot s = found.get();
        Optional<RefusalReason> refusal = TokenState.refusal(s.revokedAt(), s.expiresAt(), s.ip(), context);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), s.tokenId());
        }
        WorkspacePolicy policy = policies.policyOf(s.workspaceId());
        if (!policy.admits(context.clientIp()) || policy.lifetimeViolation(s.issuedAt(), s.expiresAt()).isPresent()) {
            return new TokenResolution.Refused(RefusalReason.POLICY_DENIED, s.tokenId());
        }
        Principal principal = Principal.token(PrincipalKind.WORKSPACE_TOKEN, s.workspaceId(), s.tokenId(),
                s.rights(), s.rights());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    /** The old secret (or old settings) stop working on this node before the changing response is sent. */
    public void evict(String tokenHash) {
        cache.invalidate(tokenHash);
    }

    private static Snapshot snapshot(WorkspaceToken t) {
        return new Snapshot(t.id(), t.workspaceId(), t.issuedAt(), t.revokedAt(), t.expiresAt(),
                IpRestrictions.fromStorage(t.ipRestrictions()), Rights.of(t.grant().grants(t.workspaceId())));
    }
}
