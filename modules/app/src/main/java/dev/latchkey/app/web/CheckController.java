package dev.latchkey.app.web;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Explanation;
import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Reason;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * "May I?" for the caller itself: a service holding a token asks before acting. The answer is
 * always a decision (200); a resource the caller cannot see is {@code no_access}, whether or not
 * it exists, so the check API is no oracle for other tenants' ids.
 */
@NeedsCredentials
@Controller("/api/authz/check")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "authz")
class CheckController {
    private final AuthorizationEngine engine;
    private final dev.latchkey.directory.common.Spans spans;
    private final Workspaces workspaces;
    private final Projects projects;

    CheckController(AuthorizationEngine engine, Workspaces workspaces, Projects projects,
                    dev.latchkey.directory.common.Spans spans) {
        this.engine = engine;
        this.spans = spans;
        this.workspaces = workspaces;
        this.projects = projects;
    }

    @Serdeable
    @Schema(example = "{\"permission\":\"releases:deploy\",\"project\":\"0190a5c2-7b1e-7c3a-9f10-3c5e2a1b4d01\"}")
    record CheckBody(@NotBlank @Size(max = 64) String permission, @Nullable @Size(max = 64) String workspace,
                     @Nullable @Size(max = 64) String project) {
    }

    @Serdeable
    record ResourceView(String type, @Nullable UUID id, @Nullable UUID workspaceId) {
    }

    @Serdeable
    record CheckResult(boolean allowed, String reason, String permission, ResourceView resource,
                       @Nullable String grant, @Nullable List<String> trace) {
    }

    @Post
    @NotSensitive("asks a question; changes nothing")
    @Operation(summary = "May I do this permission here? (an authorization check)")
    CheckResult check(Caller caller, @Valid @Body CheckBody body, @Nullable @QueryValue Boolean explain) {
        Permission permission = Permission.fromKey(body.permission()).orElseThrow(() ->
                ProblemException.badRequest("permission", "unknown permission '" + body.permission()
                        + "'; GET /api/permissions lists them"));
        boolean explaining = Boolean.TRUE.equals(explain);
        Optional<Resource> resource = resourceFor(caller, permission, body);
        if (resource.isEmpty()) {
            return noAccess(permission, body, explaining);
        }
        CheckRequest request = new CheckRequest(caller.principal(), permission, resource.get());
        Explanation explanation = explaining ? engine.explain(request) : null;
        Decision decision = explaining ? explanation.decision() : spans.check(engine, request);
        if (decision.reason() == Reason.NO_ACCESS) {
            // The stored resource (its workspace id, the trace) would tell a foreign id from an unknown one.
            return noAccess(permission, body, explaining);
        }
        return view(decision, explaining ? explanation.trace() : null);
    }

    /** One answer for an unknown resource and one out of reach: built from the request alone. */
    private static CheckResult noAccess(Permission permission, CheckBody body, boolean explaining) {
        ResourceView requested = describeRequested(body);
        List<String> trace = explaining
                ? List.of("the caller reaches no " + requested.type() + " by this reference (unknown and out-of-reach are answered alike)",
                        "decision: denied (" + Reason.NO_ACCESS.code() + ")")
                : null;
        return new CheckResult(false, Reason.NO_ACCESS.code(), permission.key(), requested, null, trace);
    }

    private Optional<Resource> resourceFor(Caller caller, Permission permission, CheckBody body) {
        Level level = permission.level();
        if (level == Level.USER) {
            if (body.workspace() != null || body.project() != null) {
                throw ProblemException.badRequest("permission", permission.key() + " is about the caller itself; give no workspace or project");
            }
            return Optional.ofNullable(caller.userId()).map(Resource.User::new);
        }
        if (body.project() != null) {
            if (level == Level.WORKSPACE) {
                throw ProblemException.badRequest("project", permission.key() + " is a workspace permission; give a workspace, not a project");
            }
            UUID projectId = Ids.parse(body.project()).orElseThrow(() ->
                    ProblemException.badRequest("project", "project must be a project id"));
            Optional<Project> project = projects.locate(projectId);
            if (body.workspace() != null) {
                Optional<Workspace> ws = workspaces.findByRef(body.workspace());
                project = project.filter(p -> ws.isPresent() && ws.get().id().equals(p.workspaceId()));
            }
            return project.map(Projects::resource);
        }
        if (level == Level.PROJECT) {
            throw ProblemException.badRequest("project", permission.key() + " is a project permission; give a project");
        }
        if (body.workspace() == null) {
            throw ProblemException.badRequest("workspace", permission.key() + " needs a workspace (id or slug)");
        }
        return workspaces.findByRef(body.workspace()).map(w -> new Resource.Workspace(w.id()));
    }

    private static CheckResult view(Decision decision, @Nullable List<String> trace) {
        return new CheckResult(decision.allowed(), decision.reason().code(), decision.permission().key(),
                describe(decision.resource()), decision.grant(), trace);
    }

    static ResourceView describe(Resource resource) {
        if (resource instanceof Resource.Project p) {
            return new ResourceView("project", p.projectId(), p.workspaceId());
        }
        if (resource instanceof Resource.Workspace w) {
            return new ResourceView("workspace", w.workspaceId(), w.workspaceId());
        }
        Resource.User u = (Resource.User) resource;
        return new ResourceView("user", u.userId(), null);
    }

    private static ResourceView describeRequested(CheckBody body) {
        if (body.project() != null) {
            return new ResourceView("project", Ids.parse(body.project()).orElse(null), null);
        }
        if (body.workspace() != null) {
            return new ResourceView("workspace", Ids.parse(body.workspace()).orElse(null), null);
        }
        return new ResourceView("user", null, null);
    }
}
