package dev.latchkey.app.web;

import dev.latchkey.app.integrations.EffectiveScopes;
import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.workspace.Workspaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a token of the caller could use at best: the permissions the caller holds somewhere (in one
 * workspace when asked), as the engine computes them, and those about the token itself
 * ({@code self-rotate}). A token never does more than its owner may (the ceiling rule), so a token
 * form can say which scopes would be dead on arrival without deciding anything itself.
 */
@NeedsCredentials
@Controller("/api/user/permissions")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "authz")
class MyPermissionsController {
    private final AuthorizationEngine engine;
    private final Workspaces workspaces;

    MyPermissionsController(AuthorizationEngine engine, Workspaces workspaces) {
        this.engine = engine;
        this.workspaces = workspaces;
    }

    /** @param workspace the workspace asked about (id), null for everywhere */
    @Serdeable
    record Held(@Nullable UUID workspace, List<String> permissions) {
    }

    @Get
    @Operation(summary = "The permissions the caller holds, everywhere or in one workspace")
    Held held(Caller caller, @Nullable @QueryValue String workspace) {
        UUID workspaceId = workspace == null ? null : workspaces.resolve(caller, workspace).id();
        Set<String> held = new HashSet<>(EffectiveScopes.held(engine, caller.principal(), workspaceId));
        // a permission about the token itself (self-rotate) is no right of the subject: any token may carry it
        return new Held(workspaceId, Permission.catalogue().stream()
                .filter(p -> held.contains(p.key()) || p.aboutTheTokenItself()).map(Permission::key).toList());
    }
}
