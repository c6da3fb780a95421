package dev.latchkey.directory.member;

import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.access.SensitiveWhen;
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
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

@NeedsCredentials
@Controller("/api/workspaces/{ws}/members")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "members")
class MemberController {
    private final Members members;

    MemberController(Members members) {
        this.members = members;
    }

    @Serdeable
    @Schema(example = "{\"email\":\"bob@example.com\",\"role\":\"MEMBER\",\"projectRoles\":{\"0190a5c2-7b1e-7c3a-9f10-3c5e2a1b4d01\":\"DEVELOPER\"}}")
    record AddMember(@NotBlank @Email @Size(max = 254) String email, @NotNull WorkspaceRole role,
                     @Nullable @Size(max = 1000) Map<@NotNull String, @NotNull ProjectRole> projectRoles) {
    }

    @Serdeable
    record UpdateMember(@Nullable WorkspaceRole role, @Nullable @Size(max = 1000) Map<@NotNull String, @NotNull ProjectRole> projectRoles) {
    }

    /** {@code notice}: set by a change that also cleared something the caller did not ask to clear. */
    @Serdeable
    record MemberView(UUID userId, String email, String firstName, String lastName, WorkspaceRole role,
                      Map<String, ProjectRole> projectRoles, Instant createdAt, Instant updatedAt,
                      @Nullable String notice) {
        static MemberView of(Members.Member m) {
            return of(m, null);
        }

        static MemberView of(Members.Member m, @Nullable String notice) {
            Map<String, ProjectRole> roles = new TreeMap<>();
            m.projectRoles().forEach((id, role) -> roles.put(id.toString(), role));
            return new MemberView(m.user().id(), m.user().email(), m.user().firstName(), m.user().lastName(),
                    m.membership().role(), roles, m.membership().createdAt(), m.membership().updatedAt(), notice);
        }
    }

    @Get
    @Operation(summary = "List the members of a workspace")
    Page<MemberView> list(Caller caller, @PathVariable String ws, @Nullable @QueryValue Integer limit,
                          @Nullable @QueryValue String cursor) {
        return members.list(caller, ws, PageRequest.of(limit, cursor), MemberView::of);
    }

    @Post
    @SensitiveWhen("adding a member as ADMIN or OWNER")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "added")
    @Operation(summary = "Add a member to a workspace")
    HttpResponse<MemberView> add(Caller caller, @PathVariable String ws, @Valid @Body AddMember body) {
        return HttpResponse.created(MemberView.of(members.add(caller, ws, body.email(), body.role(), body.projectRoles())));
    }

    @Patch("/{userId}")
    @SensitiveWhen("promoting a member to ADMIN or OWNER")
    @Operation(summary = "Change a member's roles")
    MemberView update(Caller caller, @PathVariable String ws, @PathVariable String userId,
                      @Valid @Body UpdateMember body) {
        Members.Updated updated = members.update(caller, ws, userId, body.role(), body.projectRoles());
        return MemberView.of(updated.member(), updated.notice());
    }

    @Delete("/me")
    @NotSensitive("takes the caller's own rights away; the last OWNER still cannot leave")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Leave a workspace (the caller's own membership)")
    void leave(Caller caller, @PathVariable String ws) {
        members.leave(caller, ws);
    }

    @Delete("/{userId}")
    @NotSensitive("takes rights away; the grant rule still limits whom an admin may remove")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member from a workspace")
    void remove(Caller caller, @PathVariable String ws, @PathVariable String userId) {
        members.remove(caller, ws, userId);
    }
}
