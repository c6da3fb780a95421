package dev.latchkey.app.governance;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.governance.PersonalTokenAccess;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The requester's side of PAT approval: the state of each of the caller's own tokens per workspace, and the owner's note. */
@NeedsCredentials
@Controller("/api/user/token-requests")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "governance")
class MyTokenRequestsController {
    private final PersonalTokenAccesses accesses;
    private final Workspaces workspaces;

    MyTokenRequestsController(PersonalTokenAccesses accesses, Workspaces workspaces) {
        this.accesses = accesses;
        this.workspaces = workspaces;
    }

    @Serdeable
    record MyRequest(UUID tokenId, UUID workspaceId, @Nullable String workspace, String state, @Nullable String note,
                     Instant updatedAt) {
    }

    @Serdeable
    record MyRequests(List<MyRequest> items) {
    }

    @Get
    @Operation(summary = "The approval state (and the owner's note) of each of the caller's personal tokens")
    MyRequests mine(Caller caller) {
        UUID userId = caller.requireSessionUser("reading your token requests");
        return new MyRequests(accesses.ofUser(userId).stream().map(a -> new MyRequest(a.tokenId(), a.workspaceId(),
                workspaces.findById(a.workspaceId()).map(Workspace::slug).orElse(null), a.state(), a.note(),
                a.updatedAt())).toList());
    }
}
