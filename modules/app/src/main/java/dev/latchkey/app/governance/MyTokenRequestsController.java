package dev.latchkey.app.governance;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.governance.PersonalTokenAccess;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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
        List<PersonalTokenAccess> rows = accesses.ofUser(userId);
        // the workspaces' slugs in one read for all the rows, not one per row
        Map<UUID, String> slugs = workspaces.slugsOf(rows.stream().map(PersonalTokenAccess::workspaceId).collect(Collectors.toSet()));
        return new MyRequests(rows.stream().map(a -> new MyRequest(a.tokenId(), a.workspaceId(),
                slugs.get(a.workspaceId()), a.state(), a.note(), a.updatedAt())).toList());
    }
}
