package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nobody hands out, raises, lowers or takes away rights they could not grant themselves, on any
 * grant path (members, workspace tokens, service tokens), whether they call with a session or with
 * a token whose grant is narrower than its user. A workspace role carries a project role on every
 * project, present and future: granting it needs those rights on every project, which a caller
 * limited to some projects or to workspace-level scopes does not hold.
 */
@MicronautTest(transactional = false)
class GrantCeilingTest extends ApiTest {
    private static final List<String> WORKSPACE_LEVEL = List.of("workspace:read", "workspace:manage",
            "service-users:manage", "audit:read", "tokens:manage");
    private static final List<String> TESTER = List.of("projects:read", "repositories:read", "pipelines:read",
            "environments", "documents", "documents:view-content", "releases", "branches");

    private String pat(Session user, Workspace ws, List<String> scopes) {
        return expect(201, api.post("/api/user/personal-access-tokens", user.token(),
                body("name", Api.unique("narrow"), "scopes", scopes, "workspace", ws.slug()))).string("token");
    }

    private Reply addMember(String token, Workspace ws, Session user, String role, Map<String, String> projectRoles) {
        Map<String, Object> body = body("email", user.email(), "role", role);
        if (projectRoles != null) {
            body.put("projectRoles", projectRoles);
        }
        return api.post(Api.members(ws), token, body);
    }

    private static void refusedAsUngrantable(Reply reply) {
        assertEquals(403, reply.status(), reply.text());
        assertEquals("cannot_grant_unheld_permission", reply.string("reason"), reply.text());
    }

    private Map<String, Object> memberOf(Session owner, Workspace ws, Session user) {
        return api.get(Api.members(ws), owner.token()).items().stream()
                .filter(m -> user.id().equals(m.get("userId"))).findFirst().orElse(null);
    }

    // ---- members ----

    @Test
    void anOwnersPatWithWorkspaceLevelScopesCannotMakeAnAdminOrAnOwner() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        api.createProject(owner, ws);
        String narrow = pat(owner, ws, WORKSPACE_LEVEL);
        Session bob = api.newUser();
        refusedAsUngrantable(addMember(narrow, ws, bob, "ADMIN", null));
        refusedAsUngrantable(addMember(narrow, ws, bob, "OWNER", null));
        assertEquals(null, memberOf(owner, ws, bob), "bob was not added");
        expect(201, addMember(narrow, ws, bob, "MEMBER", null));
        refusedAsUngrantable(api.patch(Api.members(ws) + "/" + bob.id(), narrow, body("role", "ADMIN")));
        assertEquals("MEMBER", memberOf(owner, ws, bob).get("role"));
    }

    @Test
    void aPatHoldingSomeProjectRightsGrantsThoseAndNothingAbove() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        String narrow = pat(owner, ws, Stream.concat(WORKSPACE_LEVEL.stream(), TESTER.stream()).toList());
        expect(201, addMember(narrow, ws, api.newUser(), "MEMBER", Map.of(project, "TESTER")));
        refusedAsUngrantable(addMember(narrow, ws, api.newUser(), "MEMBER", Map.of(project, "DEVELOPER")));
        refusedAsUngrantable(addMember(narrow, ws, api.newUser(), "ADMIN", null));
    }

    @Test
    void anAdminMakesAdminsButNeverOwners() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        expect(201, api.addMember(admin, ws, api.newUser(), "ADMIN", null));
        refusedAsUngrantable(api.addMember(admin, ws, api.newUser(), "OWNER", null));
        Session member = api.newMember(owner, ws, "MEMBER", null);
        refusedAsUngrantable(api.patch(Api.members(ws) + "/" + member.id(), admin.token(), body("role", "OWNER")));
        refusedAsUngrantable(api.delete(Api.members(ws) + "/" + owner.id(), admin.token()));
    }

    @Test
    void anAdminCannotRemoveLowerOrReplaceAProjectRoleItCouldNotGrant() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        Session projectOwner = api.newMember(owner, ws, "MEMBER", Map.of(project, "OWNER"));
        String path = Api.members(ws) + "/" + projectOwner.id();
        refusedAsUngrantable(api.delete(path, admin.token()));
        refusedAsUngrantable(api.patch(path, admin.token(), body("projectRoles", Map.of(project, "DEVELOPER"))));
        refusedAsUngrantable(api.patch(path, admin.token(), body("projectRoles", Map.of())));
        refusedAsUngrantable(api.patch(path, admin.token(), body("role", "ADMIN")));
        assertEquals(Map.of(project, "OWNER"), memberOf(owner, ws, projectOwner).get("projectRoles"));
        // what the admin could grant, it may change and take away
        Session developer = api.newMember(owner, ws, "MEMBER", Map.of(project, "DEVELOPER"));
        expect(200, api.patch(Api.members(ws) + "/" + developer.id(), admin.token(), body("projectRoles", Map.of(project, "TESTER"))));
        expect(204, api.delete(Api.members(ws) + "/" + developer.id(), admin.token()));
        // and the owner may do what the admin may not
        expect(200, api.patch(path, owner.token(), body("projectRoles", Map.of(project, "DEVELOPER"))));
    }

    @Test
    void aPatWithoutProjectRightsCannotRemoveOrLowerAnAdmin() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        Session otherAdmin = api.newMember(owner, ws, "ADMIN", null);
        String narrow = pat(admin, ws, List.of("workspace:read", "workspace:manage", "service-users:manage", "audit:read"));
        String path = Api.members(ws) + "/" + otherAdmin.id();
        refusedAsUngrantable(api.patch(path, narrow, body("role", "MEMBER")));
        refusedAsUngrantable(api.delete(path, narrow));
        assertEquals("ADMIN", memberOf(owner, ws, otherAdmin).get("role"));
        expect(204, api.delete(path, admin.token()));
    }

    @Test
    void aWorkspaceTokenLimitedToOneProjectManagesNoMembersAndNoTokens() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        String token = expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", "one project", "grant", Map.of("projects", Map.of(project, "OWNER"))))).string("token");
        Session bob = api.newUser();
        assertTrue(refusedOrHidden(addMember(token, ws, bob, "ADMIN", null).status()));
        assertTrue(refusedOrHidden(api.post(Api.workspace(ws) + "/tokens", token,
                body("name", "wider", "grant", Map.of("allProjects", "OWNER"))).status()));
        assertEquals(null, memberOf(owner, ws, bob));
    }

    private static boolean refusedOrHidden(int status) {
        return status == 403 || status == 404;
    }

    // ---- workspace tokens ----

    @Test
    void aNarrowPatMintsWorkspaceTokensOnlyWithinItsOwnProjectRights() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        String narrow = pat(owner, ws, Stream.concat(WORKSPACE_LEVEL.stream(), TESTER.stream()).toList());
        String tokens = Api.workspace(ws) + "/tokens";
        expect(201, api.post(tokens, narrow, body("name", "t", "grant", Map.of("allProjects", "TESTER"))));
        refusedAsUngrantable(api.post(tokens, narrow, body("name", "d", "grant", Map.of("allProjects", "DEVELOPER"))));
        refusedAsUngrantable(api.post(tokens, narrow, body("name", "p", "grant", Map.of("projects", Map.of(project, "ADMIN")))));
        String wide = expect(201, api.post(tokens, owner.token(), body("name", "w", "grant", Map.of("allProjects", "OWNER"))))
                .string("id");
        refusedAsUngrantable(api.post(tokens + "/" + wide + "/copy", narrow, Map.of()));
        refusedAsUngrantable(api.post(tokens + "/" + wide + "/regenerate", narrow, Map.of()));
    }

    // ---- service tokens ----

    @Test
    void serviceTokensGrantNothingTheirMakerLacksOnEveryProject() {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        String bot = expect(201, api.post(Api.workspace(ws) + "/service-users", admin.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
        String tokens = "/api/users/service/" + bot + "/personal-access-tokens";
        refusedAsUngrantable(api.post(tokens, admin.token(), body("note", "o", "permissions", List.of("owner"), "allProjects", true)));
        expect(201, api.post(tokens, admin.token(), body("note", "m", "permissions", List.of("project:manage"), "allProjects", true)));

        String narrow = pat(admin, ws, List.of("workspace:read", "service-users:manage", "projects:read"));
        expect(201, api.post(tokens, narrow, body("note", "r", "permissions", List.of("projects:read"), "allProjects", true)));
        refusedAsUngrantable(api.post(tokens, narrow, body("note", "w", "permissions", List.of("pipelines:run"),
                "allProjects", false, "projects", List.of(project))));

        String ownerMade = expect(201, api.post(tokens, owner.token(), body("note", "x", "permissions", List.of("owner"),
                "allProjects", true))).string("id");
        refusedAsUngrantable(api.post(tokens + "/" + ownerMade + "/regenerate", admin.token(), Map.of()));
    }
}
