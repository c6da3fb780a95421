package dev.latchkey.authz;

import static dev.latchkey.authz.DecisionMatrix.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RightsAndGrantsTest {

    private static final UUID W1 = id("W1");
    private static final UUID P1 = id("P1");
    private static final UUID P2 = id("P2");
    private static final UUID P3 = id("P3");
    private static final UUID U1 = id("U1");

    @Test
    void aMembersGrantsAreTheWorkspaceRoleAndOneGrantPerProjectRoleHeld() {
        Map<UUID, ProjectRole> roles = new LinkedHashMap<>();
        roles.put(P2, ProjectRole.TESTER);
        roles.put(P1, ProjectRole.NONE);
        roles.put(P3, ProjectRole.DEVELOPER);
        List<Grant> grants = Grants.forMembership(W1, WorkspaceRole.MEMBER, roles);

        assertEquals(new Grant(new Scope.Workspace(W1), Set.of(Permission.WORKSPACE_READ), "workspace role MEMBER"),
                grants.get(0));
        assertEquals(3, grants.size(), "NONE gives no grant: " + grants);
        assertTrue(grants.contains(new Grant(new Scope.Project(W1, P2), ProjectRole.TESTER.permissions(),
                "project role TESTER on " + P2)));
        assertTrue(grants.contains(new Grant(new Scope.Project(W1, P3), ProjectRole.DEVELOPER.permissions(),
                "project role DEVELOPER on " + P3)));
    }

    @Test
    void anOwnersGrantsCoverEveryProjectOfTheWorkspace() {
        List<Grant> grants = Grants.forMembership(W1, WorkspaceRole.OWNER, Map.of());
        assertEquals(List.of(
                new Grant(new Scope.Workspace(W1), WorkspaceRole.OWNER.workspacePermissions(), "workspace role OWNER"),
                new Grant(new Scope.AllProjects(W1), ProjectRole.OWNER.permissions(),
                        "workspace role OWNER: project role OWNER on every project")), grants);
    }

    @Test
    void everyHumanMayReadThemselves() {
        assertEquals(new Grant(new Scope.User(U1), Set.of(Permission.USER_READ), "every human reads themselves"),
                Grants.self(U1));
    }

    @Test
    void roleNoneAndEmptyPermissionsGiveNoGrantAtAll() {
        assertEquals(List.of(), Grants.projectRoleOnAllProjects(W1, ProjectRole.NONE));
        assertEquals(List.of(), Grants.projectRoles(W1, Map.of(P1, ProjectRole.NONE)));
        assertEquals(List.of(), Grants.permissionsOn(new Scope.Global(), Set.of(), "token scopes"));
        assertEquals(1, Grants.projectRoleOnAllProjects(W1, ProjectRole.TESTER).size());
    }

    @Test
    void aGrantKeepsItsOwnCopyOfThePermissions() {
        Set<Permission> permissions = EnumSet.of(Permission.BRANCHES);
        Grant grant = new Grant(new Scope.Global(), permissions, "test");
        permissions.add(Permission.OWNER);
        assertEquals(Set.of(Permission.BRANCHES), grant.permissions());
        assertThrows(UnsupportedOperationException.class, () -> grant.permissions().add(Permission.OWNER));
    }

    @Test
    void anEmptyGrantMakesNothingVisible() {
        Rights rights = Rights.of(List.of(new Grant(new Scope.Project(W1, P1), Set.of(), "empty")));
        assertFalse(rights.reaches(new Resource.Project(W1, P1)));
        assertFalse(rights.reaches(new Resource.Workspace(W1)));
        assertEquals(List.of(), rights.applicableTo(new Resource.Project(W1, P1)));
        assertEquals(1, rights.grants().size(), "grants() reports what was given");
    }

    @Test
    void noRightsReachNothing() {
        assertSame(Rights.none(), Rights.of(List.of()));
        assertFalse(Rights.none().reaches(new Resource.Workspace(W1)));
        assertFalse(Rights.none().reaches(new Resource.User(U1)));
        assertEquals(Set.of(), Rights.none().effectiveOn(new Resource.Project(W1, P1)));
    }

    @Test
    void effectiveRightsAreExpandedAndLimitedToTheResourcesLevel() {
        Rights rights = Rights.of(Grants.forMembership(W1, WorkspaceRole.OWNER, Map.of()));
        Set<Permission> onWorkspace = rights.effectiveOn(new Resource.Workspace(W1));
        assertEquals(EnumSet.of(Permission.WORKSPACE_READ, Permission.WORKSPACE_MANAGE, Permission.TOKENS_MANAGE,
                Permission.SERVICE_USERS_MANAGE, Permission.AUDIT_READ, Permission.OWNER), onWorkspace);
        Set<Permission> onProject = rights.effectiveOn(new Resource.Project(W1, P1));
        assertTrue(onProject.contains(Permission.DOCUMENTS_EDIT_VIEW));
        assertFalse(onProject.contains(Permission.WORKSPACE_READ));
        assertThrows(UnsupportedOperationException.class, () -> onProject.add(Permission.USER_READ));
    }

    @Test
    void theGrantsApplyingToAProjectAreTheGlobalTheWorkspaceWideAndTheProjectsOwn() {
        Grant global = new Grant(new Scope.Global(), Set.of(Permission.BRANCHES), "global");
        Grant workspace = new Grant(new Scope.Workspace(W1), Set.of(Permission.WORKSPACE_READ), "workspace");
        Grant everyProject = new Grant(new Scope.AllProjects(W1), Set.of(Permission.RELEASES), "every project");
        Grant own = new Grant(new Scope.Project(W1, P1), Set.of(Permission.DOCUMENTS), "own");
        Grant other = new Grant(new Scope.Project(W1, P2), Set.of(Permission.DOCUMENTS), "other");
        Rights rights = Rights.of(List.of(own, other, everyProject, workspace, global));
        assertEquals(List.of(global, everyProject, own), rights.applicableTo(new Resource.Project(W1, P1)));
        assertEquals(List.of(global, workspace), rights.applicableTo(new Resource.Workspace(W1)));
    }
}
