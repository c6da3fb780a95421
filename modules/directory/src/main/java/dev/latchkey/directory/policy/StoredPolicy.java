package dev.latchkey.directory.policy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A workspace's token policy as stored; the workspace id is the key, so a policy never crosses tenants. */
@MappedEntity("workspace_token_policies")
public record StoredPolicy(
        @Id UUID workspaceId,
        @Nullable Integer maxLifetimeDays,
        boolean requireExpiry,
        @Nullable String allowedIpRanges,
        boolean allowPersonalTokens,
        Instant updatedAt,
        @Nullable Integer maxGraceSeconds,
        boolean requireApprovalForPersonalTokens,
        @Nullable Integer revokeUnusedAfterDays,
        @Nullable Integer maxTokensPerUser) {
}
