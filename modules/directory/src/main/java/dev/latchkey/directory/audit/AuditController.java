package dev.latchkey.directory.audit;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.StorableInstants;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.latchkey.directory.access.NeedsCredentials;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** A workspace's audit log ({@code audit:read}) and a user's own ({@code user:read}), newest first. */
@NeedsCredentials
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
class AuditController {
    private final AuditTrail trail;
    private final Workspaces workspaces;
    private final Access access;

    AuditController(AuditTrail trail, Workspaces workspaces, Access access) {
        this.trail = trail;
        this.workspaces = workspaces;
        this.access = access;
    }

    @Serdeable
    record Party(String type, @Nullable UUID id) {
    }

    @Serdeable
    record AuditEventView(UUID id, Instant occurredAt, String action, Party actor, @Nullable Party target,
                          @Nullable String tokenKind, @Nullable UUID workspaceId, @Nullable UUID ownerUserId,
                          @Nullable String ip, @Nullable String userAgent, @Nullable String details) {
        static AuditEventView of(AuditEventRow r) {
            return new AuditEventView(r.id(), r.occurredAt(), r.action(), new Party(r.actorType(), r.actorId()),
                    r.targetType() == null ? null : new Party(r.targetType(), r.targetId()), r.tokenKind(),
                    r.workspaceId(), r.ownerUserId(), r.ip(), r.userAgent(), r.details());
        }
    }

    @Get("/workspaces/{ws}/audit-events")
    @Operation(summary = "List the workspace's audit events")
    Page<AuditEventView> ofWorkspace(Caller caller, @PathVariable String ws, @Nullable @QueryValue String action,
                                     @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                     @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.AUDIT_READ);
        return trail.ofWorkspace(workspace.id(), filter(action, from, to), PageRequest.of(limit, cursor),
                AuditEventView::of);
    }

    @Get("/user/audit-events")
    @Operation(summary = "List your own audit events")
    Page<AuditEventView> ofUser(Caller caller, @Nullable @QueryValue String action, @Nullable @QueryValue String from,
                                @Nullable @QueryValue String to, @Nullable @QueryValue Integer limit,
                                @Nullable @QueryValue String cursor) {
        if (caller.userId() == null) {
            throw ProblemException.notFound("a workspace token has no user");
        }
        access.require(caller, Permission.USER_READ, new Resource.User(caller.userId()));
        return trail.ofUser(caller.userId(), filter(action, from, to), PageRequest.of(limit, cursor),
                AuditEventView::of);
    }

    private static AuditTrail.Filter filter(@Nullable String action, @Nullable String from, @Nullable String to) {
        AuditAction parsed = action == null || action.isEmpty() ? null : AuditAction.fromCode(action).orElseThrow(() ->
                ProblemException.badRequest("action", "unknown action '" + TokenRedaction.echo(action, 64)
                        + "'; actions look like token.created or member.added"));
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.badRequest("to", "to must not be before from");
        }
        return new AuditTrail.Filter(parsed, start, end);
    }

    private static Instant instant(String field, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return StorableInstants.require(field, Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
