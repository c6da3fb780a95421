package dev.latchkey.app;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.WorkspaceTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.unique;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class AuthzCheckTest extends WorkspaceTest {
    private String project;

    @BeforeEach
    void aProjectInIt() {
        project = api.createProject(owner, ws);
    }

    @Test
    void anOwnerMayDeployAndTheAnswerSaysWhy() {
        Reply reply = expect(200, api.check(owner, "releases:deploy", null, project));
        assertEquals(true, reply.get("allowed"));
        assertEquals("allowed", reply.string("reason"));
        assertEquals("releases:deploy", reply.string("permission"));
        assertEquals(Map.of("type", "project", "id", project, "workspaceId", ws.id()), reply.get("resource"));
        assertNotNull(reply.string("grant"));
        assertNull(reply.get("trace"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatACallerHoldsIsWhatATokenOfItsCouldUseAtBestAndAForeignWorkspaceIsNotFound() {
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(project, "TESTER"));
        Reply mine = expect(200, api.get("/api/user/permissions?workspace=" + ws.slug(), tester.token()));
        assertEquals(ws.id(), mine.string("workspace"));
        List<String> held = (List<String>) mine.get("permissions");
        assertTrue(held.contains("workspace:read") && held.contains("projects:read") && held.contains("user:read"), held::toString);
        assertTrue(held.contains("self-rotate"), "any token may carry a permission about itself");
        assertFalse(held.contains("releases:deploy") || held.contains("workspace:manage"), held::toString);
        assertTrue(((List<String>) expect(200, api.get("/api/user/permissions?workspace=" + ws.id(), owner.token()))
                .get("permissions")).contains("workspace:manage"));

        Session eve = api.newUser();
        assertProblem(404, expect(404, api.get("/api/user/permissions?workspace=" + ws.slug(), eve.token())));
        Reply anywhere = expect(200, api.get("/api/user/permissions", eve.token()));
        assertNull(anywhere.get("workspace"));
        assertEquals(java.util.Set.of("user:read", "self-rotate"), new java.util.HashSet<>((List<String>) anywhere.get("permissions")),
                "a user of no workspace holds only itself");
    }

    @Test
    void aTesterMayNotDeployForLackOfThePermission() {
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(project, "TESTER"));
        Reply reply = expect(200, api.check(tester, "releases:deploy", null, project));
        assertEquals(false, reply.get("allowed"));
        assertEquals("missing_permission", reply.string("reason"));
        assertEquals(true, expect(200, api.check(tester, "releases", null, project)).get("allowed"));
    }

    @Test
    void anUnknownProjectAndAnotherTenantsProjectGetTheSameNoAccessAnswer() {
        Session eve = api.newUser();
        String unknown = UUID.randomUUID().toString();
        Reply foreign = expect(200, api.check(eve, "projects:read", null, project));
        Reply missing = expect(200, api.check(eve, "projects:read", null, unknown));
        assertEquals(false, foreign.get("allowed"));
        assertEquals("no_access", foreign.string("reason"));
        assertEquals(foreign.text().replace(project, "ID"), missing.text().replace(unknown, "ID"));
        assertFalse(foreign.text().contains(ws.id()), "the answer must not reveal the project's workspace");
    }

    @Test
    void theExplainedNoAccessAnswerIsAlsoTheSameForUnknownAndForeignProjects() {
        Session eve = api.newUser();
        String unknown = UUID.randomUUID().toString();
        String path = "/api/authz/check?explain=true";
        Reply foreign = expect(200, api.post(path, eve.token(), body("permission", "projects:read", "project", project)));
        Reply missing = expect(200, api.post(path, eve.token(), body("permission", "projects:read", "project", unknown)));
        assertFalse(((List<?>) foreign.get("trace")).isEmpty());
        assertEquals(foreign.text().replace(project, "ID"), missing.text().replace(unknown, "ID"));
        assertFalse(foreign.text().contains(ws.id()), foreign::toString);
    }

    @Test
    void aForeignWorkspaceNamedBySlugIsAnsweredWithoutItsId() {
        Reply reply = expect(200, api.check(api.newUser(), "workspace:read", ws.slug(), null));
        assertEquals("no_access", reply.string("reason"));
        assertFalse(reply.text().contains(ws.id()), reply::toString);
    }

    @Test
    void aProjectNamedWithTheWrongWorkspaceIsNoAccess() {
        Workspace other = api.createWorkspace(owner);
        Reply reply = expect(200, api.check(owner, "projects:read", other.slug(), project));
        assertEquals("no_access", reply.string("reason"));
        assertEquals("allowed", expect(200, api.check(owner, "projects:read", ws.slug(), project)).string("reason"));
    }

    @Test
    void workspacePermissionsAreCheckedOnAWorkspaceByIdOrSlug() {
        Session member = api.newMember(owner, ws, "MEMBER", null);
        assertEquals("allowed", expect(200, api.check(owner, "workspace:manage", ws.slug(), null)).string("reason"));
        assertEquals("allowed", expect(200, api.check(owner, "tokens:manage", ws.id(), null)).string("reason"));
        assertEquals("allowed", expect(200, api.check(member, "workspace:read", ws.slug(), null)).string("reason"));
        assertEquals("missing_permission", expect(200, api.check(member, "workspace:manage", ws.slug(), null))
                .string("reason"));
    }

    @Test
    void anUnknownAndAForeignWorkspaceAreBothNoAccess() {
        Session eve = api.newUser();
        assertEquals("no_access", expect(200, api.check(eve, "workspace:read", ws.slug(), null)).string("reason"));
        assertEquals("no_access", expect(200, api.check(eve, "workspace:read", unique("nope"), null)).string("reason"));
    }

    @Test
    void theCallerMayReadItself() {
        Reply reply = expect(200, api.check(owner, "user:read", null, null));
        assertEquals("allowed", reply.string("reason"));
        assertEquals(owner.id(), ((Map<?, ?>) reply.get("resource")).get("id"));
    }

    @Test
    void explainReturnsATrace() {
        Reply reply = expect(200, api.post("/api/authz/check?explain=true", owner.token(),
                body("permission", "releases:deploy", "project", project)));
        assertEquals(true, reply.get("allowed"));
        List<?> trace = (List<?>) reply.get("trace");
        assertNotNull(trace, reply::toString);
        assertFalse(trace.isEmpty());
        assertTrue(trace.stream().anyMatch(line -> line.toString().contains("releases:deploy")), reply::toString);
    }

    @Test
    void anUnknownPermissionIsABadRequest() {
        Reply reply = assertProblem(400, api.check(owner, "releases:launch", null, project));
        assertEquals("permission", reply.string("field"));
    }

    @Test
    void aWorkspacePermissionWithAProjectIsABadRequest() {
        assertEquals("project", assertProblem(400, api.check(owner, "workspace:manage", null, project)).string("field"));
    }

    @Test
    void aProjectPermissionWithoutAProjectIsABadRequest() {
        assertProblem(400, api.check(owner, "releases:deploy", ws.slug(), null));
        assertProblem(400, api.check(owner, "workspace:read", null, null));
        assertProblem(400, api.check(owner, "user:read", ws.slug(), null));
    }

    @Test
    void aProjectThatIsNoIdIsABadRequest() {
        assertProblem(400, api.check(owner, "releases:deploy", null, "web"));
    }

    @Test
    void aMissingPermissionFieldIsABadRequest() {
        assertProblem(400, api.post("/api/authz/check", owner.token(), body("project", project)));
    }

    @Test
    void checkingNeedsAuthentication() {
        assertProblem(401, api.post("/api/authz/check", null, body("permission", "releases:deploy", "project", project)));
    }
}
