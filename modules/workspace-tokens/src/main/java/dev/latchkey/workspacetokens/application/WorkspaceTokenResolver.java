package dev.latchkey.workspacetokens.application;

import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.tokens.core.TokenFacts;
import java.util.Map;

import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.tokens.core.StoredToken;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenTable;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code lkw_} token -> principal. The subject is the workspace and the token holds exactly its
 * grant, so the subject's rights and the ceiling are the same {@link Rights}; none of it is at the
 * workspace level, so a workspace token never manages members, tokens or the workspace. The row is
 * cached by hash for {@code latchkey.tokens.cache-ttl} (unknown hashes too); the workspace policy
 * binds it at every use through {@link StoredTokenResolver}, as it binds every kind.
 */
@Singleton
public class WorkspaceTokenResolver extends StoredTokenResolver<WorkspaceToken, WorkspaceTokenResolver.Snapshot> {
    /** What the cache keeps: the row's decision-relevant parts, the rights built once. */
    record Snapshot(UUID tokenId, UUID workspaceId, Instant issuedAt, Instant revokedAt, Instant expiresAt,
                    IpRestrictions ip, Rights rights) implements StoredToken {
    }


    public WorkspaceTokenResolver(TokenTable<WorkspaceToken> tokens, TokenIssuer issuer, WorkspacePolicies policies,
                                  AfterCommit afterCommit, TokenSettings settings, SupersededSecrets superseded, Clock clock) {
        super(issuer, policies, tokens, superseded, settings.cacheTtl(), 100_000, afterCommit, clock);
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORKSPACE;
    }


    @Override
    protected Optional<TokenResolution> admitCached(Snapshot s, RequestContext context) {
        return Optional.of(admit(s, context));
    }

    /** The workspace's policy has already admitted the token (see {@link StoredTokenResolver}). */
    @Override
    protected TokenResolution admit(Snapshot s, RequestContext context) {
        Principal principal = Principal.token(PrincipalKind.WORKSPACE_TOKEN, s.workspaceId(), s.tokenId(),
                s.rights(), s.rights());
        return new TokenResolution.Accepted(principal, s.tokenId());
    }

    @Override
    public Optional<TokenFacts> facts(UUID tokenId) {
        return row(tokenId).map(t -> new TokenFacts(TokenKind.WORKSPACE, t.id(),
                TokenFacts.workspaceSubject(t.workspaceId()), t.issuedAt(), t.expiresAt(), t.workspaceId(),
                grantFacts(t), null));
    }

    /** The grant as the API shows it: its one form, and {@code selfRotate} when it lists self-rotate. */
    private static Map<String, Object> grantFacts(WorkspaceToken t) {
        Map<String, Object> grant = new java.util.LinkedHashMap<>();
        if (t.grant().storedPermissions() != null) {
            grant.put("permissions", t.grant().storedPermissions());
        } else if (t.grant().allProjects() != null) {
            grant.put("allProjects", t.grant().allProjects().name());
        } else {
            grant.put("projects", projectRoles(t));
        }
        if (t.selfRotate()) {
            grant.put("selfRotate", true);
        }
        return grant;
    }

    private static Map<String, String> projectRoles(WorkspaceToken t) {
        Map<String, String> roles = new java.util.TreeMap<>();
        t.grant().projects().forEach((id, role) -> roles.put(id.toString(), role.name()));
        return roles;
    }



    @Override
    protected Snapshot snapshot(WorkspaceToken t) {
        return new Snapshot(t.id(), t.workspaceId(), t.issuedAt(), t.revokedAt(), t.expiresAt(),
                IpRestrictions.fromStorage(t.ipRestrictions()), Rights.of(t.grant().grants(t.workspaceId())));
    }
}
