package dev.latchkey.app;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.ids;
import static dev.latchkey.app.support.Api.members;
import static dev.latchkey.app.support.Api.projects;
import static dev.latchkey.app.support.Api.unique;
import static dev.latchkey.app.support.Problems.assertForbidden;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

@MicronautTest(transactional = false)
class ProjectsTest extends ApiTest {
    private Session owner;
    private Workspace ws;

    @BeforeEach
    void aWorkspaceWithItsOwner() {
        owner = api.newUser();
        ws = api.createWorkspace(owner);
    }

    private String project(String id) {
        return projects(ws) + "/" + id;
    }

    private int projectCount() {
        return expect(200, api.get(projects(ws), owner.token())).items().size();
    }

    @Test
    void anOwnerCreatesAProject() {
        String key = unique("web");
        Reply created = expect(201, api.post(projects(ws), owner.token(), body("key", key, "name", "Web")));
        assertEquals(key, created.string("key"));
        assertEquals("Web", created.string("name"));
        assertEquals(ws.id(), created.string("workspaceId"));
        assertEquals(false, created.get("protected"));
        assertEquals(created.json(), expect(200, api.get(project(created.string("id")), owner.token())).json());
    }

    @Test
    void anAdminCreatesAProjectButAMemberMayNot() {
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        api.createProject(admin, ws);
        Session member = api.newMember(owner, ws, "MEMBER", null);
        assertForbidden("workspace:manage", api.post(projects(ws), member.token(), body("key", "mine", "name", "Mine")));
        assertEquals(1, projectCount());
    }

    @Test
    void aDuplicateKeyIsAConflictAndCreatesNothing() {
        String key = unique("web");
        expect(201, api.post(projects(ws), owner.token(), body("key", key, "name", "Web")));
        assertProblem(409, api.post(projects(ws), owner.token(), body("key", key.toUpperCase(), "name", "Again")));
        assertEquals(1, projectCount());
    }

    @Test
    void theSameKeyIsFreeInAnotherWorkspace() {
        String key = unique("web");
        expect(201, api.post(projects(ws), owner.token(), body("key", key, "name", "Web")));
        Workspace other = api.createWorkspace(owner);
        expect(201, api.post(projects(other), owner.token(), body("key", key, "name", "Web")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-web", "we b", "web!", "x01234567890123456789012345678901234567890"})
    void anInvalidKeyIsRefused(String key) {
        assertProblem(400, api.post(projects(ws), owner.token(), body("key", key, "name", "Web")));
        assertEquals(0, projectCount());
    }

    @Test
    void aMissingOrOverLongNameIsRefused() {
        assertProblem(400, api.post(projects(ws), owner.token(), body("key", "web")));
        assertProblem(400, api.post(projects(ws), owner.token(), body("key", "web", "name", "x".repeat(101))));
        assertEquals(0, projectCount());
    }

    @Test
    void aMemberSeesOnlyTheProjectsItHasARoleOn() {
        String seen = api.createProject(owner, ws);
        String hidden = api.createProject(owner, ws);
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(seen, "TESTER"));
        assertEquals(List.of(seen), ids(expect(200, api.get(projects(ws), tester.token())), "id"));
        assertEquals(List.of(seen, hidden), ids(expect(200, api.get(projects(ws), owner.token())), "id"));
        expect(200, api.get(project(seen), tester.token()));
        assertProblem(404, api.get(project(hidden), tester.token()));
    }

    @Test
    void aMemberWithoutAnyProjectRoleSeesAnEmptyListAnd404s() {
        String id = api.createProject(owner, ws);
        Session member = api.newMember(owner, ws, "MEMBER", null);
        Reply list = expect(200, api.get(projects(ws), member.token()));
        assertEquals(List.of(), list.items());
        assertNull(list.get("nextCursor"));
        assertProblem(404, api.get(project(id), member.token()));
        assertProblem(404, api.patch(project(id), member.token(), body("name", "Mine")));
        assertProblem(404, api.delete(project(id), member.token()));
    }

    @Test
    void projectsPageWithLimitAndCursor() {
        List<String> created = List.of(api.createProject(owner, ws), api.createProject(owner, ws));
        Reply first = expect(200, api.get(projects(ws) + "?limit=1", owner.token()));
        Reply second = expect(200, api.get(projects(ws) + "?limit=1&cursor=" + first.string("nextCursor"), owner.token()));
        assertEquals(created, List.of(ids(first, "id").get(0), ids(second, "id").get(0)));
        assertNull(second.get("nextCursor"));
        assertProblem(400, api.get(projects(ws) + "?limit=0", owner.token()));
        assertProblem(400, api.get(projects(ws) + "?cursor=nonsense", owner.token()));
    }

    @Test
    void anOwnerRenamesAProjectAndChangesItsKey() {
        String id = api.createProject(owner, ws);
        String key = unique("api");
        Reply patched = expect(200, api.patch(project(id), owner.token(), body("key", key, "name", "API")));
        assertEquals(key, patched.string("key"));
        assertEquals("API", patched.string("name"));
        assertEquals("API", expect(200, api.get(project(id), owner.token())).string("name"));
    }

    @Test
    void changingTheKeyToATakenOneIsAConflict() {
        String first = api.createProject(owner, ws);
        String second = api.createProject(owner, ws);
        String takenKey = expect(200, api.get(project(first), owner.token())).string("key");
        String ownKey = expect(200, api.get(project(second), owner.token())).string("key");
        assertProblem(409, api.patch(project(second), owner.token(), body("key", takenKey)));
        assertEquals(ownKey, expect(200, api.get(project(second), owner.token())).string("key"));
    }

    @Test
    void aTesterReadsTheProjectButGets403NamingProjectManageOnPatchAndDelete() {
        String id = api.createProject(owner, ws);
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(id, "TESTER"));
        expect(200, api.get(project(id), tester.token()));
        assertForbidden("project:manage", api.patch(project(id), tester.token(), body("name", "Mine")));
        assertForbidden("project:manage", api.delete(project(id), tester.token()));
        assertEquals("Web", expect(200, api.get(project(id), owner.token())).string("name"));
    }

    @Test
    void aProjectAdminChangesTheProjectButNotItsProtection() {
        String id = api.createProject(owner, ws);
        Session projectAdmin = api.newMember(owner, ws, "MEMBER", Map.of(id, "ADMIN"));
        expect(200, api.patch(project(id), projectAdmin.token(), body("name", "Renamed")));
        assertForbidden("owner", api.patch(project(id), projectAdmin.token(), body("protected", true)));
        assertEquals(false, expect(200, api.get(project(id), owner.token())).get("protected"));
    }

    @Test
    void aWorkspaceAdminCannotChangeProtectionButTheOwnerCan() {
        String id = api.createProject(owner, ws);
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        assertForbidden("owner", api.patch(project(id), admin.token(), body("protected", true)));
        assertEquals(true, expect(200, api.patch(project(id), owner.token(), body("protected", true))).get("protected"));
    }

    @Test
    void aProjectOwnerMayChangeProtection() {
        String id = api.createProject(owner, ws);
        Session projectOwner = api.newMember(owner, ws, "MEMBER", Map.of(id, "OWNER"));
        assertEquals(true, expect(200, api.patch(project(id), projectOwner.token(), body("protected", true)))
                .get("protected"));
    }

    @Test
    void deletingAProjectAnswers204AndItIsGone() {
        String id = api.createProject(owner, ws);
        expect(204, api.delete(project(id), owner.token()));
        assertProblem(404, api.get(project(id), owner.token()));
        assertProblem(404, api.delete(project(id), owner.token()));
        assertEquals(0, projectCount());
    }

    @Test
    void deletingAProjectAlsoTakesItsMembersRolesOnIt() {
        String id = api.createProject(owner, ws);
        Session tester = api.newMember(owner, ws, "MEMBER", Map.of(id, "TESTER"));
        expect(204, api.delete(project(id), owner.token()));
        Reply list = expect(200, api.get(members(ws), owner.token()));
        Map<String, Object> row = list.items().stream().filter(m -> tester.id().equals(m.get("userId")))
                .findFirst().orElseThrow();
        assertEquals(Map.of(), row.get("projectRoles"));
    }

    @Test
    void aProtectedProjectCannotBeDeletedUntilItsOwnerLiftsProtection() {
        String id = api.createProject(owner, ws, true);
        assertProblem(409, api.delete(project(id), owner.token()));
        expect(200, api.get(project(id), owner.token()));
        expect(200, api.patch(project(id), owner.token(), body("protected", false)));
        expect(204, api.delete(project(id), owner.token()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000", "0-0-0-0-0"})
    void anInvalidOrUnknownProjectIdIs404(String id) {
        assertProblem(404, api.get(project(id), owner.token()));
        assertProblem(404, api.patch(project(id), owner.token(), body("name", "x")));
        assertProblem(404, api.delete(project(id), owner.token()));
    }

    @Test
    void anotherWorkspacesProjectIs404EvenThroughTheCallersOwnWorkspace() {
        Session eve = api.newUser();
        Workspace evesWs = api.createWorkspace(eve);
        String mine = api.createProject(owner, ws);
        String evePath = projects(evesWs) + "/" + mine;
        assertProblem(404, api.get(evePath, eve.token()));
        assertProblem(404, api.patch(evePath, eve.token(), body("name", "Stolen")));
        assertProblem(404, api.delete(evePath, eve.token()));
        assertEquals("Web", expect(200, api.get(project(mine), owner.token())).string("name"));
        assertFalse(expect(200, api.get(projects(evesWs), eve.token())).text().contains(mine));
    }
}
