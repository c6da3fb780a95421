package dev.latchkey.app.web;

import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.WorkspaceRole;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue as data, so a dashboard or a script can offer exactly what the engine knows. */
@Controller("/api/permissions")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "authz")
class PermissionsController {

    @Serdeable
    record PermissionView(String key, String level, String description, List<String> implies, List<String> impliesAll) {
    }

    @Serdeable
    record RoleView(String name, List<String> permissions) {
    }

    @Serdeable
    record WorkspaceRoleView(String name, List<String> permissions, String roleOnEveryProject) {
    }

    @Serdeable
    record Catalogue(List<PermissionView> permissions, List<RoleView> projectRoles, List<WorkspaceRoleView> workspaceRoles) {
    }

    private final Catalogue catalogue = build();

    @Get
    @Operation(summary = "List the permissions and roles")
    Catalogue catalogue() {
        return catalogue;
    }

    private static Catalogue build() {
        List<PermissionView> permissions = Permission.catalogue().stream()
                .map(p -> new PermissionView(p.key(), p.level().name().toLowerCase(), p.description(),
                        keys(p.implies()), keys(p.closure().stream().filter(q -> q != p).toList())))
                .toList();
        List<RoleView> projectRoles = Arrays.stream(ProjectRole.values())
                .map(r -> new RoleView(r.name(), keys(r.permissions()))).toList();
        List<WorkspaceRoleView> workspaceRoles = Arrays.stream(WorkspaceRole.values())
                .map(r -> new WorkspaceRoleView(r.name(), keys(r.workspacePermissions()), r.roleOnEveryProject().name()))
                .toList();
        return new Catalogue(permissions, projectRoles, workspaceRoles);
    }

    /** Keys in catalogue order, so the answer is stable. */
    private static List<String> keys(java.util.Collection<Permission> permissions) {
        return Permission.catalogue().stream().filter(permissions::contains).map(Permission::key).toList();
    }
}
