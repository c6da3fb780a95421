package dev.latchkey.authz;

import static dev.latchkey.authz.DecisionMatrix.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * "Every project of a workspace, present and future" as a resource: held only through a grant on
 * all projects (or a global one), never through grants on single projects, however many.
 */
class AllProjectsResourceTest {
    private static final UUID W1 = id("W1");
    private static final UUID W2 = id("W2");
    private static final UUID P1 = id("P1");
    private static final UUID U1 = id("U1");
    private static final Resource ALL = new Resource.AllProjects(W1);
    private final AuthorizationEngine engine = new AuthorizationEngine();

    private Decision check(Principal principal, Permission permission) {
        return engine.check(new CheckRequest(principal, permission, ALL));
    }

    @Test
    void anAdminHoldsItsProjectRoleOnEveryProjectButNotOwner() {
        Principal admin = Principal.session(U1, Rights.of(Grants.forMembership(W1, WorkspaceRole.ADMIN, Map.of())));
        assertTrue(check(admin, Permission.PROJECT_MANAGE).allowed());
        assertEquals(Reason.MISSING_PERMISSION, check(admin, Permission.OWNER).reason());
    }

    @Test
    void rolesOnEachExistingProjectDoNotReachProjectsCreatedLater() {
        Principal member = Principal.session(U1, Rights.of(Grants.forMembership(W1, WorkspaceRole.MEMBER,
                Map.of(P1, ProjectRole.OWNER))));
        assertTrue(engine.check(new CheckRequest(member, Permission.PROJECT_MANAGE, new Resource.Project(W1, P1))).allowed());
        assertEquals(Reason.NO_ACCESS, check(member, Permission.PROJECTS_READ).reason());
    }

    @Test
    void aTokenReachesEveryProjectOnlyIfItsGrantDoes() {
        Rights owner = Rights.of(Grants.forMembership(W1, WorkspaceRole.OWNER, Map.of()));
        Principal onOneProject = Principal.token(PrincipalKind.WORKSPACE_TOKEN, W1, id("T1"), owner,
                Rights.of(Grants.projectRoles(W1, Map.of(P1, ProjectRole.OWNER))));
        assertEquals(Reason.NO_ACCESS, check(onOneProject, Permission.PROJECTS_READ).reason());
        Principal workspaceScopes = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T2"), owner,
                Rights.of(Grants.permissionsOn(new Scope.Workspace(W1), Set.of(Permission.WORKSPACE_MANAGE), "scopes")));
        assertFalse(check(workspaceScopes, Permission.PROJECTS_READ).allowed());
        List<Grant> ceiling = new ArrayList<>(Grants.permissionsOn(new Scope.Global(), Set.of(Permission.PROJECTS_READ), "scopes"));
        Principal global = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T3"), owner, Rights.of(ceiling));
        assertTrue(check(global, Permission.PROJECTS_READ).allowed());
        assertEquals(Reason.OUTSIDE_TOKEN_SCOPE, check(global, Permission.PIPELINES_RUN).reason());
    }

    @Test
    void workspaceLevelPermissionsMeanNothingThere() {
        Principal owner = Principal.session(U1, Rights.of(Grants.forMembership(W1, WorkspaceRole.OWNER, Map.of())));
        assertEquals(Reason.NOT_APPLICABLE, check(owner, Permission.WORKSPACE_MANAGE).reason());
        Principal elsewhere = Principal.session(U1, Rights.of(Grants.forMembership(W2, WorkspaceRole.OWNER, Map.of())));
        assertEquals(Reason.NO_ACCESS, check(elsewhere, Permission.PROJECTS_READ).reason());
    }
}
