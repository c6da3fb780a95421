package dev.latchkey.servicetokens.web;

import dev.latchkey.directory.access.NeedsCredentials;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.user.UserStatus;
import dev.latchkey.servicetokens.application.ServiceUsers;
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

/** Service users of a workspace; {@code service-users:manage} on it (OWNERs and ADMINs). */
@NeedsCredentials
@Controller("/api/workspaces/{ws}/service-users")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "service users")
class ServiceUserController {
    private final ServiceUsers serviceUsers;

    ServiceUserController(ServiceUsers serviceUsers) {
        this.serviceUsers = serviceUsers;
    }

    @Schema(example = "{\"firstName\":\"Deploy\",\"lastName\":\"Bot\"}")
    @Serdeable
    record CreateBody(@NotBlank @Size(max = 100) String firstName, @NotBlank @Size(max = 100) String lastName) {
    }

    @Serdeable
    record UpdateBody(@Nullable @Size(min = 1, max = 100) String firstName, @Nullable @Size(min = 1, max = 100) String lastName,
                      @Nullable UserStatus status) {
    }

    @Get
    @Operation(summary = "List the workspace's service users")
    Page<ServiceUserView> list(Caller caller, @PathVariable String ws, @Nullable @QueryValue Integer limit,
                               @Nullable @QueryValue String cursor) {
        return serviceUsers.list(caller, ws, PageRequest.of(limit, cursor), ServiceUserView::of);
    }

    @Post
    @Operation(summary = "Create a service user")
    @Sensitive("creates a service user: a new identity to mint tokens for")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created")
    HttpResponse<ServiceUserView> create(Caller caller, @PathVariable String ws, @Valid @Body CreateBody body) {
        return HttpResponse.created(ServiceUserView.of(serviceUsers.create(caller, ws, body.firstName(), body.lastName())));
    }

    @Get("/{userId}")
    @Operation(summary = "Show a service user")
    ServiceUserView get(Caller caller, @PathVariable String ws, @PathVariable String userId) {
        return ServiceUserView.of(serviceUsers.get(caller, ws, userId));
    }

    @Patch("/{userId}")
    @Operation(summary = "Rename, suspend or reactivate a service user")
    @SensitiveWhen("reactivating a suspended service user, which revives its tokens")
    ServiceUserView update(Caller caller, @PathVariable String ws, @PathVariable String userId,
                           @Valid @Body UpdateBody body) {
        return ServiceUserView.of(serviceUsers.update(caller, ws, userId, body.firstName(), body.lastName(), body.status()));
    }

    @Delete("/{userId}")
    @Operation(summary = "Delete a service user and revoke its tokens")
    @Sensitive("deletes a service user and revokes every token it has")
    @Status(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String ws, @PathVariable String userId) {
        serviceUsers.delete(caller, ws, userId);
    }
}
