package dev.latchkey.app;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.ids;
import static dev.latchkey.app.support.Api.members;
import static dev.latchkey.app.support.Api.projects;
import static dev.latchkey.app.support.Api.unique;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertForbidden;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@MicronautTest(transactional = false)
class MembersTest extends ApiTest {
    private Session owner;
    private Workspace ws;

    @BeforeEach
    void aWorkspaceWithItsOwner() {
        owner = api.newUser();
        ws = api.createWorkspace(owner);
    }

    private String member(Session user) {
        return members(ws) + "/" + user.id();
    }

    private Map<String, Object> row(Session user) {
        return expect(200, api.get(members(ws), owner.token())).items().stream()
                .filter(m -> user.id().equals(m.get("userId"))).findFirst().orElse(null);
    }

    private String decision(Session user, String permission, String project) {
        return expect(200, api.check(user, permission, null, project)).string("reason");
    }

    @Test
    void theListCarriesUserIdEmailRoleAndProjectRoles() {
        String project = api.createProject(owner, ws);
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(project, "TESTER"));
        Reply list = expect(200, api.get(members(ws), owner.token()));
        assertEquals(List.of(owner.id(), tester.id()), ids(list, "userId"));
        Map<String, Object> row = list.items().get(1);
        assertEquals(tester.email(), row.get("email"));
        assertEquals("MEMBER", row.get("role"));
        assertEquals(Map.of(project, "TESTER"), row.get("projectRoles"));
        assertEquals("Ann", row.get("firstName"));
        assertEquals(Map.of(), list.items().get(0).get("projectRoles"));
    }

    @Test
    void aMemberMayListTheMembers() {
        Session member = api.newMember(owner, ws, "MEMBER", null);
        assertEquals(2, expect(200, api.get(members(ws), member.token())).items().size());
    }

    @Test
    void membersPageWithLimitAndCursor() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        Reply first = expect(200, api.get(members(ws) + "?limit=1", owner.token()));
        Reply second = expect(200, api.get(members(ws) + "?limit=1&cursor=" + first.string("nextCursor"), owner.token()));
        assertEquals(List.of(owner.id(), bob.id()), List.of(ids(first, "userId").get(0), ids(second, "userId").get(0)));
        assertEquals(null, second.get("nextCursor"));
    }

    @Test
    void addingByEmailAnswers201WithTheMember() {
        Session bob = api.newUser();
        String project = api.createProject(owner, ws);
        Reply added = expect(201, api.post(members(ws), owner.token(),
                body("email", bob.email().toUpperCase(), "role", "MEMBER", "projectRoles", Map.of(project, "DEVELOPER"))));
        assertEquals(bob.id(), added.string("userId"));
        assertEquals(bob.email(), added.string("email"));
        assertEquals("MEMBER", added.string("role"));
        assertEquals(Map.of(project, "DEVELOPER"), added.get("projectRoles"));
        assertNotNull(row(bob));
        expect(200, api.get(workspace(ws), bob.token()));
    }

    @Test
    void anUnknownEmailIs404() {
        assertProblem(404, api.post(members(ws), owner.token(), body("email", unique("ghost") + "@example.com",
                "role", "MEMBER")));
    }

    @Test
    void addingSomeoneTwiceIsAConflict() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        assertProblem(409, api.addMember(owner, ws, bob, "ADMIN", null));
        assertEquals("MEMBER", row(bob).get("role"));
    }

    @Test
    void projectRolesOnAnotherWorkspacesProjectAreRefusedAndAddNobody() {
        Workspace other = api.createWorkspace(owner);
        String foreign = api.createProject(owner, other);
        Session bob = api.newUser();
        assertProblem(400, api.addMember(owner, ws, bob, "MEMBER", Map.of(foreign, "TESTER")));
        assertEquals(null, row(bob));
        assertProblem(400, api.addMember(owner, ws, bob, "MEMBER", Map.of(UUID.randomUUID().toString(), "TESTER")));
        assertProblem(400, api.addMember(owner, ws, bob, "MEMBER", Map.of("not-a-project", "TESTER")));
        assertEquals(null, row(bob));
    }

    @Test
    void projectRolesForAnAdminAreRefused() {
        String project = api.createProject(owner, ws);
        Session bob = api.newUser();
        Reply reply = assertProblem(400, api.addMember(owner, ws, bob, "ADMIN", Map.of(project, "TESTER")));
        assertEquals("projectRoles", reply.string("field"));
        assertEquals(null, row(bob));
    }

    @Test
    void anUnknownRoleIsRefused() {
        Session bob = api.newUser();
        assertProblem(400, api.addMember(owner, ws, bob, "KING", null));
        assertProblem(400, api.addMember(owner, ws, bob, "MEMBER", Map.of(api.createProject(owner, ws), "GOD")));
        assertProblem(400, api.post(members(ws), owner.token(), body("email", bob.email())));
        assertEquals(null, row(bob));
    }

    @Test
    void aMemberCannotAddMembers() {
        Session member = api.newMember(owner, ws, "MEMBER", null);
        assertForbidden("workspace:manage", api.addMember(member, ws, api.newUser(), "MEMBER", null));
    }

    @Test
    void anAdminAddsMembersAndAdminsButCannotMakeAnOwner() {
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        expect(201, api.addMember(admin, ws, api.newUser(), "ADMIN", null));
        Session bob = api.newUser();
        assertProblem(403, api.addMember(admin, ws, bob, "OWNER", null));
        assertEquals(null, row(bob));
        Session carol = api.newMember(admin, ws, "MEMBER", null);
        assertProblem(403, api.patch(member(carol), admin.token(), body("role", "OWNER")));
        assertEquals("MEMBER", row(carol).get("role"));
    }

    @Test
    void anAdminCannotRemoveOrDemoteAnOwner() {
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        assertProblem(403, api.delete(member(owner), admin.token()));
        assertProblem(403, api.patch(member(owner), admin.token(), body("role", "MEMBER")));
        assertEquals("OWNER", row(owner).get("role"));
    }

    @Test
    void changingProjectRolesChangesRightsAtOnce() {
        String project = api.createProject(owner, ws);
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        assertEquals("no_access", decision(bob, "releases:deploy", project));

        expect(200, api.patch(member(bob), owner.token(), body("projectRoles", Map.of(project, "DEVELOPER"))));
        assertEquals("allowed", decision(bob, "releases:deploy", project));

        Reply patched = expect(200, api.patch(member(bob), owner.token(), body("projectRoles", Map.of(project, "TESTER"))));
        assertEquals(Map.of(project, "TESTER"), patched.get("projectRoles"));
        assertEquals("missing_permission", decision(bob, "releases:deploy", project));

        expect(200, api.patch(member(bob), owner.token(), body("projectRoles", Map.of(project, "NONE"))));
        assertEquals("no_access", decision(bob, "releases:deploy", project));
    }

    @Test
    void changingTheWorkspaceRoleChangesRightsAtOnce() {
        String project = api.createProject(owner, ws);
        Session bob = api.newMember(owner, ws, "MEMBER", Map.of(project, "TESTER"));
        assertEquals("missing_permission", decision(bob, "project:manage", project));
        Reply patched = expect(200, api.patch(member(bob), owner.token(), body("role", "ADMIN")));
        assertEquals("ADMIN", patched.string("role"));
        assertEquals(Map.of(), patched.get("projectRoles"));
        assertEquals("allowed", decision(bob, "project:manage", project));
        expect(200, api.patch(workspace(ws), bob.token(), body("name", "Bob's now")));
    }

    @Test
    void theLastOwnerCanBeNeitherRemovedNorDemoted() {
        assertProblem(409, api.delete(member(owner), owner.token()));
        assertProblem(409, api.patch(member(owner), owner.token(), body("role", "ADMIN")));
        assertEquals("OWNER", row(owner).get("role"));
        expect(200, api.get(workspace(ws), owner.token()));
    }

    @Test
    void anOwnerMayStepDownOnceThereIsAnother() {
        Session second = api.newMember(owner, ws, "OWNER", null);
        expect(200, api.patch(member(owner), second.token(), body("role", "ADMIN")));
        assertEquals("ADMIN", row(owner).get("role"));
        assertProblem(409, api.delete(member(second), second.token()));
    }

    @Test
    void aMemberLeavesByDeletingItselfAndLosesTheWorkspaceAtOnce() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        expect(200, api.get(workspace(ws), bob.token()));
        expect(204, api.delete(member(bob), bob.token()));
        assertProblem(404, api.get(workspace(ws), bob.token()));
        assertEquals(null, row(bob));
        assertFalse(ids(expect(200, api.get("/api/workspaces", bob.token())), "id").contains(ws.id()));
    }

    @Test
    void aRemovedMemberGets404AtOnce() {
        String project = api.createProject(owner, ws);
        Session bob = api.newMember(owner, ws, "MEMBER", Map.of(project, "DEVELOPER"));
        expect(200, api.get(projectPath(project), bob.token()));
        expect(204, api.delete(member(bob), owner.token()));
        assertProblem(404, api.get(workspace(ws), bob.token()));
        assertProblem(404, api.get(projectPath(project), bob.token()));
        assertProblem(404, api.get(members(ws), bob.token()));
        assertEquals("no_access", decision(bob, "releases:deploy", project));
    }

    private String projectPath(String id) {
        return projects(ws) + "/" + id;
    }

    @Test
    void aMemberCannotRemoveAnotherMember() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        Session carol = api.newMember(owner, ws, "MEMBER", null);
        assertForbidden("workspace:manage", api.delete(member(carol), bob.token()));
        assertNotNull(row(carol));
    }

    @Test
    void anUnknownOrInvalidMemberIs404() {
        assertProblem(404, api.patch(members(ws) + "/" + UUID.randomUUID(), owner.token(), body("role", "ADMIN")));
        assertProblem(404, api.delete(members(ws) + "/not-a-user", owner.token()));
        Session stranger = api.newUser();
        assertProblem(404, api.delete(member(stranger), owner.token()));
    }

    @Test
    void aMemberOfAnotherWorkspaceCannotBeManagedFromThisOne() {
        Session eve = api.newUser();
        Workspace evesWs = api.createWorkspace(eve);
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        assertProblem(404, api.patch(members(evesWs) + "/" + bob.id(), eve.token(), body("role", "ADMIN")));
        assertProblem(404, api.delete(members(ws) + "/" + bob.id(), eve.token()));
        assertEquals("MEMBER", row(bob).get("role"));
    }
}
