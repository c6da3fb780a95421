package dev.latchkey.directory.workspace;

import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@NeedsCredentials
@Controller("/api/workspaces")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "workspaces")
class WorkspaceController {
    private final Workspaces workspaces;

    WorkspaceController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @Serdeable
    @Schema(example = "{\"slug\":\"acme\",\"name\":\"Acme\"}")
    record CreateWorkspace(@NotBlank @Size(max = 40) String slug, @NotBlank @Size(max = 100) String name) {
    }

    @Serdeable
    record UpdateWorkspace(@Nullable @Size(min = 1, max = 40) String slug, @Nullable @Size(min = 1, max = 100) String name) {
    }

    @Serdeable
    record WorkspaceView(UUID id, String slug, String name, Instant createdAt, Instant updatedAt) {
        static WorkspaceView of(Workspace w) {
            return new WorkspaceView(w.id(), w.slug(), w.name(), w.createdAt(), w.updatedAt());
        }
    }

    @Get
    @Operation(summary = "List your workspaces")
    Page<WorkspaceView> list(Caller caller, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        return workspaces.list(caller, PageRequest.of(limit, cursor), WorkspaceView::of);
    }

    @Post
    @NotSensitive("a new, empty workspace gives its creator power over nobody else")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the caller is its OWNER")
    @Operation(operationId = "createWorkspace", summary = "Create a workspace")
    HttpResponse<WorkspaceView> create(Caller caller, @Valid @Body CreateWorkspace body) {
        return HttpResponse.created(WorkspaceView.of(workspaces.create(caller, body.slug(), body.name())));
    }

    @Get("/{ws}")
    @Operation(operationId = "getWorkspace", summary = "Show a workspace")
    WorkspaceView get(Caller caller, @PathVariable String ws) {
        return WorkspaceView.of(workspaces.resolve(caller, ws, Permission.WORKSPACE_READ));
    }

    @Patch("/{ws}")
    @NotSensitive("renames the workspace; no rights, tokens or rules change")
    @Operation(summary = "Rename a workspace or change its slug")
    WorkspaceView update(Caller caller, @PathVariable String ws, @Valid @Body UpdateWorkspace body) {
        return WorkspaceView.of(workspaces.update(caller, ws, body.slug(), body.name()));
    }
}
