package dev.latchkey.directory.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
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
@Controller("/api/workspaces/{ws}/projects")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "projects")
class ProjectController {
    private final Projects projects;

    ProjectController(Projects projects) {
        this.projects = projects;
    }

    @Serdeable
    @Schema(example = "{\"key\":\"web\",\"name\":\"Web shop\",\"protected\":false}")
    record CreateProject(@NotBlank @Size(max = 40) String key, @NotBlank @Size(max = 100) String name,
                         @JsonProperty("protected") @Nullable Boolean isProtected) {
    }

    @Serdeable
    record UpdateProject(@Nullable @Size(min = 1, max = 40) String key, @Nullable @Size(min = 1, max = 100) String name,
                         @JsonProperty("protected") @Nullable Boolean isProtected) {
    }

    @Serdeable
    record ProjectView(UUID id, UUID workspaceId, String key, String name,
                       @JsonProperty("protected") boolean isProtected, Instant createdAt, Instant updatedAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.workspaceId(), p.key(), p.name(), p.isProtected(), p.createdAt(), p.updatedAt());
        }
    }

    @Get
    @Operation(summary = "List the workspace's projects")
    Page<ProjectView> list(Caller caller, @PathVariable String ws, @Nullable @QueryValue Integer limit,
                           @Nullable @QueryValue String cursor) {
        return projects.list(caller, ws, PageRequest.of(limit, cursor), ProjectView::of);
    }

    @Post
    @NotSensitive("a project record; nobody gains rights on it beyond their existing all-projects roles")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created")
    @Operation(summary = "Create a project")
    HttpResponse<ProjectView> create(Caller caller, @PathVariable String ws, @Valid @Body CreateProject body) {
        boolean isProtected = body.isProtected() != null && body.isProtected();
        return HttpResponse.created(ProjectView.of(projects.create(caller, ws, body.key(), body.name(), isProtected)));
    }

    @Get("/{projectId}")
    @Operation(summary = "Show a project")
    ProjectView get(Caller caller, @PathVariable String ws, @PathVariable String projectId) {
        return ProjectView.of(projects.get(caller, ws, projectId));
    }

    @Patch("/{projectId}")
    @NotSensitive("renames or (un)protects a project; no rights or tokens change")
    @Operation(summary = "Change a project")
    ProjectView update(Caller caller, @PathVariable String ws, @PathVariable String projectId,
                       @Valid @Body UpdateProject body) {
        return ProjectView.of(projects.update(caller, ws, projectId, body.key(), body.name(), body.isProtected()));
    }

    @Delete("/{projectId}")
    @NotSensitive("removes a project and with it the access to it")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a project")
    void delete(Caller caller, @PathVariable String ws, @PathVariable String projectId) {
        projects.delete(caller, ws, projectId);
    }
}
