package dev.latchkey.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleTablesTest {

    private static final String[] TESTER = {"projects:read", "repositories:read", "pipelines:read", "environments",
            "documents", "documents:view-content", "releases", "branches"};
    private static final String[] DEVELOPER_ADDS = {"repositories:write", "pipelines:run", "variables:read",
            "documents:edit-content", "documents:edit-view", "branches:create", "branches:merge", "releases:deploy"};
    private static final String[] ADMIN_ADDS = {"project:manage", "pipelines:manage", "environments:manage",
            "environments:delete", "variables:manage", "webhooks:manage", "domains:manage", "integrations:manage",
            "documents:full", "releases:manage", "branches:delete"};

    static Stream<Arguments> projectRoles() {
        Set<Permission> tester = Keys.of(TESTER);
        Set<Permission> developer = union(tester, Keys.of(DEVELOPER_ADDS));
        Set<Permission> admin = union(developer, Keys.of(ADMIN_ADDS));
        Set<Permission> owner = union(admin, Keys.of("owner"));
        return Stream.of(
                Arguments.of(ProjectRole.NONE, Set.of()),
                Arguments.of(ProjectRole.TESTER, tester),
                Arguments.of(ProjectRole.DEVELOPER, developer),
                Arguments.of(ProjectRole.ADMIN, admin),
                Arguments.of(ProjectRole.OWNER, owner));
    }

    static Stream<Arguments> workspaceRoles() {
        Set<Permission> member = Keys.of("workspace:read");
        Set<Permission> admin = union(member, Keys.of("workspace:manage", "service-users:manage", "audit:read"));
        Set<Permission> owner = union(admin, Keys.of("tokens:manage", "owner"));
        return Stream.of(
                Arguments.of(WorkspaceRole.MEMBER, member, ProjectRole.NONE),
                Arguments.of(WorkspaceRole.ADMIN, admin, ProjectRole.ADMIN),
                Arguments.of(WorkspaceRole.OWNER, owner, ProjectRole.OWNER));
    }

    @ParameterizedTest(name = "project role {0} is given {1}")
    @MethodSource("projectRoles")
    void eachProjectRoleIsGivenExactlyWhatTheDesignStates(ProjectRole role, Set<Permission> expected) {
        assertEquals(expected, role.permissions());
    }

    @ParameterizedTest(name = "workspace role {0} is given {1} and {2} on every project")
    @MethodSource("workspaceRoles")
    void eachWorkspaceRoleIsGivenExactlyWhatTheDesignStates(WorkspaceRole role, Set<Permission> expected,
                                                             ProjectRole onEveryProject) {
        assertEquals(expected, role.workspacePermissions());
        assertEquals(onEveryProject, role.roleOnEveryProject());
    }

    @Test
    void eachRoleHoldsEverythingTheRoleBelowItHolds() {
        ProjectRole[] projectRoles = ProjectRole.values();
        for (int i = 1; i < projectRoles.length; i++) {
            assertTrue(projectRoles[i].permissions().containsAll(projectRoles[i - 1].permissions()), projectRoles[i].name());
        }
        WorkspaceRole[] workspaceRoles = WorkspaceRole.values();
        for (int i = 1; i < workspaceRoles.length; i++) {
            assertTrue(workspaceRoles[i].workspacePermissions().containsAll(workspaceRoles[i - 1].workspacePermissions()),
                    workspaceRoles[i].name());
        }
    }

    @Test
    void projectRolesGiveOnlyProjectPermissionsAndOwner() {
        for (ProjectRole role : ProjectRole.values()) {
            for (Permission permission : role.permissions()) {
                assertTrue(permission.level().meaningfulAt(Level.PROJECT), role + " gives " + permission.key());
            }
        }
    }

    @Test
    void workspaceRolesGiveOnlyWorkspacePermissionsAndOwner() {
        for (WorkspaceRole role : WorkspaceRole.values()) {
            for (Permission permission : role.workspacePermissions()) {
                assertTrue(permission.level().meaningfulAt(Level.WORKSPACE), role + " gives " + permission.key());
            }
        }
    }

    @Test
    void anAdminOnAProjectHoldsEveryProjectPermissionOnceImplicationsAreExpanded() {
        Set<Permission> expanded = EnumSet.noneOf(Permission.class);
        ProjectRole.ADMIN.permissions().forEach(p -> expanded.addAll(p.closure()));
        Set<Permission> projectLevel = EnumSet.noneOf(Permission.class);
        Permission.catalogue().stream().filter(p -> p.level() == Level.PROJECT).forEach(projectLevel::add);
        assertEquals(projectLevel, expanded);
    }

    @Test
    void rolesAreLookedUpByTheirExactName() {
        assertEquals(Optional.of(ProjectRole.DEVELOPER), ProjectRole.fromName("DEVELOPER"));
        assertEquals(Optional.empty(), ProjectRole.fromName("developer"));
        assertEquals(Optional.of(WorkspaceRole.ADMIN), WorkspaceRole.fromName("ADMIN"));
        assertEquals(Optional.empty(), WorkspaceRole.fromName("TESTER"));
        assertEquals(Optional.empty(), WorkspaceRole.fromName(null));
    }

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        Set<Permission> union = EnumSet.noneOf(Permission.class);
        union.addAll(a);
        union.addAll(b);
        return union;
    }
}
