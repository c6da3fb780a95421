package dev.latchkey.directory.policy;

import dev.latchkey.tokens.core.IpRestrictions;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules a workspace sets for every token acting in it, of any kind. Lifetime rules bind when a
 * secret is issued and again at each use (for every kind, so tightening them reaches existing tokens
 * without rewriting them); the IP ranges and the PAT switch bind at each use.
 *
 * @param maxLifetimeDays     null = unlimited; otherwise 1..{@value #MAX_LIFETIME_DAYS}
 * @param requireExpiry       whether a token must have an expiry at all
 * @param allowedIpRanges     where every token acting in the workspace must come from; unrestricted = anywhere
 * @param allowPersonalTokens whether members' personal access tokens may act in the workspace
 * @param updatedAt           null for the default policy of a workspace that never set one
 * @param maxGraceSeconds     the longest a rotated token's previous secret may keep working here;
 *                            null = {@code latchkey.tokens.max-grace}, which also caps it
 * @param governance          the owners' governance rules (approval of PATs, clean-up, per-user cap)
 */
public record WorkspacePolicy(UUID workspaceId, @Nullable Integer maxLifetimeDays, boolean requireExpiry,
                              IpRestrictions allowedIpRanges, boolean allowPersonalTokens,
                              @Nullable Instant updatedAt, @Nullable Integer maxGraceSeconds, Governance governance) {
    public static final String RULE_MAX_GRACE = "maxGraceSeconds";
    public static final int MAX_LIFETIME_DAYS = 3650;
    public static final int MAX_TOKENS_PER_USER = 10_000;
    public static final String RULE_REQUIRE_APPROVAL = "requireApprovalForPersonalTokens";
    public static final String RULE_REVOKE_UNUSED = "revokeUnusedAfterDays";
    public static final String RULE_MAX_TOKENS_PER_USER = "maxTokensPerUser";

    /**
     * @param requireApprovalForPersonalTokens a PAT limited to the workspace is pending until an owner approves it
     * @param revokeUnusedAfterDays            null = never; otherwise tokens unused that long are revoked by a job
     * @param maxTokensPerUser                 null = only the global caps; otherwise live PATs per user limited to the workspace
     */
    public record Governance(boolean requireApprovalForPersonalTokens, @Nullable Integer revokeUnusedAfterDays,
                             @Nullable Integer maxTokensPerUser) {
        public static final Governance NONE = new Governance(false, null, null);

        /** Whether this admits something {@code before} refused. */
        public boolean loosens(Governance before) {
            return (before.requireApprovalForPersonalTokens && !requireApprovalForPersonalTokens)
                    || (before.revokeUnusedAfterDays != null
                        && (revokeUnusedAfterDays == null || revokeUnusedAfterDays > before.revokeUnusedAfterDays))
                    || (before.maxTokensPerUser != null
                        && (maxTokensPerUser == null || maxTokensPerUser > before.maxTokensPerUser));
        }
    }
    public static final String RULE_MAX_LIFETIME = "maxLifetimeDays";
    public static final String RULE_REQUIRE_EXPIRY = "requireExpiry";

    public WorkspacePolicy {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(allowedIpRanges, "allowedIpRanges");
        governance = governance == null ? Governance.NONE : governance;
    }

    public WorkspacePolicy(UUID workspaceId, @Nullable Integer maxLifetimeDays, boolean requireExpiry,
                           IpRestrictions allowedIpRanges, boolean allowPersonalTokens, @Nullable Instant updatedAt) {
        this(workspaceId, maxLifetimeDays, requireExpiry, allowedIpRanges, allowPersonalTokens, updatedAt, null,
                Governance.NONE);
    }

    /** What a workspace that never set a policy gets: nothing restricted. */
    public static WorkspacePolicy unrestricted(UUID workspaceId) {
        return new WorkspacePolicy(workspaceId, null, false, IpRestrictions.unrestricted(), true, null, null, null);
    }

    /** A rule a token breaks, named as the policy field that sets it, with a message for the client. */
    public record Violation(String rule, String message) {
    }

    /**
     * Whether this policy admits something {@code before} refused: a longer or unlimited lifetime,
     * no expiry required where one was, wider IP ranges, members' PATs where they were barred, or a
     * longer grace for a rotated token's previous secret.
     */
    public boolean loosens(WorkspacePolicy before) {
        boolean longer = before.maxLifetimeDays() != null
                && (maxLifetimeDays == null || maxLifetimeDays > before.maxLifetimeDays());
        boolean longerGrace = before.maxGraceSeconds() != null
                && (maxGraceSeconds == null || maxGraceSeconds > before.maxGraceSeconds());
        return longer || longerGrace || (before.requireExpiry() && !requireExpiry)
                || allowedIpRanges.widens(before.allowedIpRanges())
                || (allowPersonalTokens && !before.allowPersonalTokens())
                || governance.loosens(before.governance());
    }

    /** The longest grace a rotation may give here: the setting {@code max}, or the policy's if lower. */
    public Duration maxGrace(Duration max) {
        return maxGraceSeconds == null || Duration.ofSeconds(maxGraceSeconds).compareTo(max) > 0
                ? max : Duration.ofSeconds(maxGraceSeconds);
    }

    /** Whether anything is checked at use; lets resolvers skip all per-request work for the common case. */
    public boolean restrictsUse() {
        return !allowPersonalTokens || !allowedIpRanges.isUnrestricted();
    }

    /** Whether a token used from {@code clientIp} may act in this workspace. */
    public boolean admits(@Nullable String clientIp) {
        return allowedIpRanges.allows(clientIp);
    }

    /**
     * Whether a token of any kind, its secret issued at {@code issuedAt} and expiring at
     * {@code expiresAt}, may act in this workspace from {@code clientIp}: the IP ranges and the
     * lifetime rules, so a policy tightened after issue reaches the token at its next use.
     */
    public boolean admitsUse(Instant issuedAt, @Nullable Instant expiresAt, @Nullable String clientIp) {
        return admits(clientIp) && lifetimeViolation(issuedAt, expiresAt).isEmpty();
    }

    /**
     * The lifetime rule a secret issued at {@code issuedAt} and expiring at {@code expiresAt} (null =
     * never) breaks, if any.
     */
    public Optional<Violation> lifetimeViolation(Instant issuedAt, @Nullable Instant expiresAt) {
        if (maxLifetimeDays != null) {
            if (expiresAt == null) {
                return Optional.of(new Violation(RULE_MAX_LIFETIME, "this workspace's token policy limits tokens to "
                        + maxLifetimeDays + " days (maxLifetimeDays): give an expiry within that"));
            }
            if (expiresAt.isAfter(issuedAt.plus(Duration.ofDays(maxLifetimeDays)))) {
                return Optional.of(new Violation(RULE_MAX_LIFETIME, "this workspace's token policy limits tokens to "
                        + maxLifetimeDays + " days (maxLifetimeDays): choose an earlier expiry"));
            }
        }
        if (requireExpiry && expiresAt == null) {
            return Optional.of(new Violation(RULE_REQUIRE_EXPIRY,
                    "this workspace's token policy requires an expiry (requireExpiry): a token cannot be 'never'"));
        }
        return Optional.empty();
    }
}
