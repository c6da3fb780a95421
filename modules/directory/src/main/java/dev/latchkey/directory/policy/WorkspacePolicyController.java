package dev.latchkey.directory.policy;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.SensitiveWhen;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A workspace's token policy: readable by members, replaced by owners (PUT is a full replacement). */
@NeedsCredentials
@Controller("/api/workspaces/{ws}/token-policy")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "workspace token policy")
class WorkspacePolicyController {
    private final WorkspacePolicies policies;

    WorkspacePolicyController(WorkspacePolicies policies) {
        this.policies = policies;
    }

    @Serdeable
    record PolicyBody(@Nullable Integer maxLifetimeDays, @Nullable Boolean requireExpiry,
                      @Nullable @Size(max = 100) List<@NotNull String> allowedIpRanges, @Nullable Boolean allowPersonalTokens,
                      @Nullable Integer maxGraceSeconds, @Nullable Boolean requireApprovalForPersonalTokens,
                      @Nullable Integer revokeUnusedAfterDays, @Nullable Integer maxTokensPerUser) {
    }

    @Serdeable
    record PolicyView(UUID workspace, @Nullable Integer maxLifetimeDays, boolean requireExpiry,
                      List<String> allowedIpRanges, boolean allowPersonalTokens, @Nullable Instant updatedAt,
                      @Nullable Integer maxGraceSeconds, boolean requireApprovalForPersonalTokens,
                      @Nullable Integer revokeUnusedAfterDays, @Nullable Integer maxTokensPerUser) {
        static PolicyView of(WorkspacePolicy p) {
            return new PolicyView(p.workspaceId(), p.maxLifetimeDays(), p.requireExpiry(), p.allowedIpRanges().normalized(),
                    p.allowPersonalTokens(), p.updatedAt(), p.maxGraceSeconds(), p.governance().requireApprovalForPersonalTokens(),
                    p.governance().revokeUnusedAfterDays(), p.governance().maxTokensPerUser());
        }
    }

    @Get
    @Operation(summary = "Show the workspace's token policy")
    PolicyView get(Caller caller, @PathVariable String ws) {
        return PolicyView.of(policies.get(caller, ws));
    }

    @Put
    @SensitiveWhen("loosening the policy: a longer or unlimited lifetime, expiry no longer required, wider IP ranges, PATs allowed again, a longer rotation grace, approval no longer required, a later or no clean-up, a higher per-user cap")
    @Operation(summary = "Replace the workspace's token policy")
    PolicyView replace(Caller caller, @PathVariable String ws, @Valid @Body PolicyBody body) {
        return PolicyView.of(policies.replace(caller, ws, new WorkspacePolicies.PolicyCommand(body.maxLifetimeDays(),
                body.requireExpiry(), body.allowedIpRanges(), body.allowPersonalTokens(), body.maxGraceSeconds(),
                body.requireApprovalForPersonalTokens(), body.revokeUnusedAfterDays(), body.maxTokensPerUser())));
    }
}
