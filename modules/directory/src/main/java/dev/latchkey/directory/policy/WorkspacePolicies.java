package dev.latchkey.directory.policy;

import dev.latchkey.directory.tokens.TokenSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.SensitiveOperations;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.UsePolicy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

/**
 * Workspace token policies: read and replaced over HTTP by the workspace, and consulted by every
 * token kind when a secret is issued and when a token is used. Cached per node for
 * {@code latchkey.tokens.cache-ttl}; a change made on this node applies here at once, on other
 * nodes within the TTL. Nothing about a policy change rewrites existing tokens.
 *
 * <p>The API for token modules: {@link #policyOf(UUID)}, {@link #checkLifetime(UUID, Instant, Instant)}
 * (a 400 naming the rule), {@link #admits(UUID, String)}, {@link #admitsPersonalTokens} and
 * {@link #personalTokenRights}. At use, every token bound to a workspace is held to its policy
 * through {@link UsePolicy} (the token resolvers' one check); a PAT not limited to a workspace is
 * held to each policy of the workspaces it reaches by {@link #personalTokenRights}.
 */
@Singleton
public class WorkspacePolicies implements UsePolicy {
    private final StoredPolicyRepository policies;
    private final Workspaces workspaces;
    private final Confirmations confirmations;
    private final Clock clock;
    private final Cache<UUID, WorkspacePolicy> cache;
    private final java.util.function.Consumer<String> eviction;
    private final AuditTrail audit;

    public WorkspacePolicies(StoredPolicyRepository policies, Workspaces workspaces, Confirmations confirmations,
                             AfterCommit afterCommit, AuditTrail audit, Clock clock,
                             TokenSettings settings) {
        this.audit = audit;
        this.policies = policies;
        this.workspaces = workspaces;
        this.confirmations = confirmations;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        afterCommit.monitor("workspace-policies", cache);
        this.eviction = afterCommit.shared("workspace-policies", key -> cache.invalidate(UUID.fromString(key)));
    }

    /** What a client asks a policy to be: a full replacement; a missing field takes its default. */
    public record PolicyCommand(@Nullable Integer maxLifetimeDays, @Nullable Boolean requireExpiry,
                                @Nullable List<String> allowedIpRanges, @Nullable Boolean allowPersonalTokens,
                                @Nullable Integer maxGraceSeconds, @Nullable Boolean requireApprovalForPersonalTokens,
                                @Nullable Integer revokeUnusedAfterDays, @Nullable Integer maxTokensPerUser) {
        public PolicyCommand(@Nullable Integer maxLifetimeDays, @Nullable Boolean requireExpiry,
                             @Nullable List<String> allowedIpRanges, @Nullable Boolean allowPersonalTokens) {
            this(maxLifetimeDays, requireExpiry, allowedIpRanges, allowPersonalTokens, null, null, null, null);
        }
    }

    /** The longest grace a rotation may give a token of this workspace: {@code max}, or less by its policy. */
    public Duration maxGrace(UUID workspaceId, Duration max) {
        return policyOf(workspaceId).maxGrace(max);
    }

    /** The policy in force for a workspace (the unrestricted default if it never set one); cached. */
    public WorkspacePolicy policyOf(UUID workspaceId) {
        return cache.get(workspaceId, this::load);
    }

    /**
     * Refuses, with a 400 naming the rule ({@code maxLifetimeDays} or {@code requireExpiry}), a token
     * of this workspace issued at {@code now} that would expire at {@code expiresAt} (null = never).
     */
    public void checkLifetime(UUID workspaceId, @Nullable Instant expiresAt, Instant now) {
        policyOf(workspaceId).lifetimeViolation(now, expiresAt).ifPresent(v -> {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "policy-violation", v.message(),
                    Map.of("reason", "policy_violation", "rule", v.rule()));
        });
    }

    /** Whether a token of any kind used from {@code clientIp} may act in this workspace. */
    public boolean admits(UUID workspaceId, @Nullable String clientIp) {
        return policyOf(workspaceId).admits(clientIp);
    }

    @Override
    public boolean admits(UUID workspaceId, Instant issuedAt, @Nullable Instant expiresAt, @Nullable String clientIp) {
        return policyOf(workspaceId).admitsUse(issuedAt, expiresAt, clientIp);
    }

    @Override
    public boolean admitsLifetime(UUID workspaceId, Instant issuedAt, @Nullable Instant expiresAt) {
        return policyOf(workspaceId).lifetimeViolation(issuedAt, expiresAt).isEmpty();
    }

    @Override
    public LifetimeCheck lifetimesOfOnePage() {
        Map<UUID, WorkspacePolicy> read = new java.util.HashMap<>();
        return (workspaceId, issuedAt, expiresAt) -> read.computeIfAbsent(workspaceId, this::policyOf)
                .lifetimeViolation(issuedAt, expiresAt).isEmpty();
    }

    @Override
    public Optional<Boolean> admitsIfCached(UUID workspaceId, Instant issuedAt, @Nullable Instant expiresAt,
                                            @Nullable String clientIp) {
        return ifCached(workspaceId).map(policy -> policy.admitsUse(issuedAt, expiresAt, clientIp));
    }

    /** Whether a member's personal access token (issued and expiring so) used from {@code clientIp} may act in this workspace. */
    public boolean admitsPersonalTokens(UUID workspaceId, Instant issuedAt, @Nullable Instant expiresAt,
                                        @Nullable String clientIp) {
        WorkspacePolicy policy = policyOf(workspaceId);
        return policy.allowPersonalTokens() && policy.admitsUse(issuedAt, expiresAt, clientIp);
    }

    /**
     * A user's rights as its personal access token may use them from {@code clientIp}: every grant in a
     * workspace whose policy refuses PATs, this address, or the token's lifetime is dropped, so the token does not even
     * see that workspace (404) and keeps working everywhere else. The same {@code rights} instance
     * comes back, with nothing rebuilt, when no workspace refuses: the common case costs one cached
     * policy look-up per workspace of the user.
     */
    public Rights personalTokenRights(Rights rights, @Nullable String clientIp, Instant issuedAt,
                                      @Nullable Instant expiresAt) {
        Set<UUID> refused = null;
        for (UUID workspace : rights.workspaceIds()) {
            if (!admitsPersonalTokens(workspace, issuedAt, expiresAt, clientIp)) {
                if (refused == null) {
                    refused = new HashSet<>();
                }
                refused.add(workspace);
            }
        }
        if (refused == null) {
            return rights;
        }
        Set<UUID> dropped = refused;
        List<Grant> kept = new ArrayList<>();
        for (Grant grant : rights.grants()) {
            if (Workspaces.workspaceOf(grant.scope()).map(ws -> !dropped.contains(ws)).orElse(Boolean.TRUE)) {
                kept.add(grant);
            }
        }
        return Rights.of(kept);
    }

    /** The cached policy only, without loading. */
    public Optional<WorkspacePolicy> ifCached(UUID workspaceId) {
        return Optional.ofNullable(cache.getIfPresent(workspaceId));
    }

    /** {@link #personalTokenRights} from cached policies alone; empty if one of the user's workspaces is not cached. */
    public Optional<Rights> personalTokenRightsIfCached(Rights rights, @Nullable String clientIp, Instant issuedAt,
                                                        @Nullable Instant expiresAt) {
        for (UUID workspace : rights.workspaceIds()) {
            if (cache.getIfPresent(workspace) == null) {
                return Optional.empty();
            }
        }
        return Optional.of(personalTokenRights(rights, clientIp, issuedAt, expiresAt));
    }

    /** The workspaces whose policy sets {@code revokeUnusedAfterDays}, with the number of days. */
    public Map<UUID, Integer> unusedTokenRules() {
        Map<UUID, Integer> rules = new java.util.LinkedHashMap<>();
        policies.findByRevokeUnusedAfterDaysIsNotNull().forEach(p -> rules.put(p.workspaceId(), p.revokeUnusedAfterDays()));
        return rules;
    }

    /** Drops every node's cached copy (this one at once); the next use reads the stored policy. */
    public void invalidate(UUID workspaceId) {
        eviction.accept(workspaceId.toString());
    }

    public WorkspacePolicy get(Caller caller, String ref) {
        Workspace workspace = workspaces.resolve(caller, ref, Permission.WORKSPACE_READ);
        return load(workspace.id());
    }

    /**
     * Only those who manage the workspace's tokens set the rules for them; loosening them takes the
     * sudo confirmation (tightening does not: it must be quick in an incident).
     */
    @Transactional
    public WorkspacePolicy replace(Caller caller, String ref, PolicyCommand command) {
        Workspace workspace = workspaces.resolve(caller, ref, Permission.TOKENS_MANAGE);
        Integer maxDays = command.maxLifetimeDays();
        if (maxDays != null && (maxDays < 1 || maxDays > WorkspacePolicy.MAX_LIFETIME_DAYS)) {
            throw ProblemException.badRequest(WorkspacePolicy.RULE_MAX_LIFETIME, "maxLifetimeDays must be 1-"
                    + WorkspacePolicy.MAX_LIFETIME_DAYS + ", or null for unlimited");
        }
        Integer maxGrace = command.maxGraceSeconds();
        if (maxGrace != null && maxGrace < 0) {
            throw ProblemException.badRequest(WorkspacePolicy.RULE_MAX_GRACE,
                    "maxGraceSeconds must be 0 or more (0: a rotated secret dies at once), or null for the server's maximum");
        }
        Integer unusedDays = command.revokeUnusedAfterDays();
        if (unusedDays != null && (unusedDays < 1 || unusedDays > WorkspacePolicy.MAX_LIFETIME_DAYS)) {
            throw ProblemException.badRequest(WorkspacePolicy.RULE_REVOKE_UNUSED, "revokeUnusedAfterDays must be 1-"
                    + WorkspacePolicy.MAX_LIFETIME_DAYS + ", or null for never");
        }
        Integer perUser = command.maxTokensPerUser();
        if (perUser != null && (perUser < 1 || perUser > WorkspacePolicy.MAX_TOKENS_PER_USER)) {
            throw ProblemException.badRequest(WorkspacePolicy.RULE_MAX_TOKENS_PER_USER, "maxTokensPerUser must be 1-"
                    + WorkspacePolicy.MAX_TOKENS_PER_USER + ", or null for only the global caps");
        }
        IpRestrictions ranges = IpRestrictions.parse("allowedIpRanges", command.allowedIpRanges());
        StoredPolicy row = new StoredPolicy(workspace.id(), maxDays, Boolean.TRUE.equals(command.requireExpiry()),
                ranges.storageForm(), !Boolean.FALSE.equals(command.allowPersonalTokens()), Times.now(clock), maxGrace,
                Boolean.TRUE.equals(command.requireApprovalForPersonalTokens()), unusedDays, perUser);
        confirmations.requireIf(caller, SensitiveOperations.loosensPolicy(load(workspace.id()), toPolicy(row)));
        StoredPolicy saved = policies.existsById(workspace.id()) ? policies.update(row) : policies.save(row);
        invalidate(workspace.id());
        audit.record(AuditEvent.by(caller, AuditAction.POLICY_UPDATED).onWorkspace(workspace.id())
                .withDetails("maxLifetimeDays=" + saved.maxLifetimeDays() + "; requireExpiry=" + saved.requireExpiry()
                        + "; allowedIpRanges=" + saved.allowedIpRanges() + "; allowPersonalTokens=" + saved.allowPersonalTokens()
                        + "; maxGraceSeconds=" + saved.maxGraceSeconds()
                        + "; requireApprovalForPersonalTokens=" + saved.requireApprovalForPersonalTokens()
                        + "; revokeUnusedAfterDays=" + saved.revokeUnusedAfterDays()
                        + "; maxTokensPerUser=" + saved.maxTokensPerUser()));
        return toPolicy(saved);
    }

    private WorkspacePolicy load(UUID workspaceId) {
        return policies.findById(workspaceId).map(WorkspacePolicies::toPolicy)
                .orElseGet(() -> WorkspacePolicy.unrestricted(workspaceId));
    }

    private static WorkspacePolicy toPolicy(StoredPolicy row) {
        return new WorkspacePolicy(row.workspaceId(), row.maxLifetimeDays(), row.requireExpiry(),
                IpRestrictions.fromStorage(row.allowedIpRanges()), row.allowPersonalTokens(), row.updatedAt(),
                row.maxGraceSeconds(), new WorkspacePolicy.Governance(row.requireApprovalForPersonalTokens(),
                        row.revokeUnusedAfterDays(), row.maxTokensPerUser()));
    }
}
