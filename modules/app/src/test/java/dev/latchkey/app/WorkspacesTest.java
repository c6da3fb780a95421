package dev.latchkey.app;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class WorkspacesTest extends ApiTest {

    @Test
    void creatingAWorkspaceAnswers201AndMakesTheCreatorItsOwner() {
        Session ann = api.newUser();
        String slug = unique("acme");
        Reply created = expect(201, api.post("/api/workspaces", ann.token(), body("slug", slug, "name", "Acme")));
        assertEquals(slug, created.string("slug"));
        assertEquals("Acme", created.string("name"));
        assertNotNull(created.string("id"));
        assertNotNull(created.string("createdAt"));

        Reply list = expect(200, api.get("/api/workspaces/" + slug + "/members", ann.token()));
        assertEquals(1, list.items().size(), list::toString);
        assertEquals(ann.id(), list.items().get(0).get("userId"));
        assertEquals("OWNER", list.items().get(0).get("role"));
    }

    @Test
    void aTakenSlugIsAConflictWhateverItsCase() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        assertProblem(409, api.post("/api/workspaces", api.newUser().token(),
                body("slug", ws.slug().toUpperCase(), "name", "Other")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-acme", "acme-", "ac me", "acme!", "ÄCME", "",
            "0123456789012345678901234567890123456789x"})
    void anInvalidSlugIsRefused(String slug) {
        assertProblem(400, api.post("/api/workspaces", api.newUser().token(), body("slug", slug, "name", "Acme")));
    }

    @Test
    void aSlugShapedLikeAWorkspaceIdIsRefused() {
        Reply reply = assertProblem(400, api.post("/api/workspaces", api.newUser().token(),
                body("slug", UUID.randomUUID().toString(), "name", "Acme")));
        assertEquals("slug", reply.string("field"));
    }

    @Test
    void anOverLongNameIsRefused() {
        assertProblem(400, api.post("/api/workspaces", api.newUser().token(),
                body("slug", unique("ws"), "name", "x".repeat(101))));
    }

    @Test
    void theListShowsOnlyTheCallersOwnWorkspaces() {
        Session ann = api.newUser();
        Session bob = api.newUser();
        Workspace annWs = api.createWorkspace(ann);
        Workspace bobWs = api.createWorkspace(bob);
        Reply list = expect(200, api.get("/api/workspaces", ann.token()));
        assertEquals(List.of(annWs.id()), ids(list, "id"));
        assertNull(list.get("nextCursor"));
        assertEquals(List.of(bobWs.id()), ids(expect(200, api.get("/api/workspaces", bob.token())), "id"));
    }

    @Test
    void theListPagesWithLimitAndNextCursor() {
        Session ann = api.newUser();
        List<String> created = List.of(api.createWorkspace(ann).id(), api.createWorkspace(ann).id(),
                api.createWorkspace(ann).id());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = expect(200, api.get("/api/workspaces?limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
                    ann.token()));
            assertEquals(1, page.items().size(), page::toString);
            seen.addAll(ids(page, "id"));
            cursor = page.string("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(created, seen);
        assertEquals(3, pages);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=-1", "limit=abc", "cursor=bogus", "cursor=%21%21"})
    void aBadLimitOrCursorIsRefused(String query) {
        assertProblem(400, api.get("/api/workspaces?" + query, api.newUser().token()));
    }

    @Test
    void aWorkspaceIsFoundByIdAndBySlug() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        assertEquals(ws.slug(), expect(200, api.get("/api/workspaces/" + ws.id(), ann.token())).string("slug"));
        assertEquals(ws.id(), expect(200, api.get("/api/workspaces/" + ws.slug(), ann.token())).string("id"));
        assertEquals(ws.id(), expect(200, api.get("/api/workspaces/" + ws.slug().toUpperCase(), ann.token())).string("id"));
    }

    @Test
    void anUnknownWorkspaceIs404() {
        Session ann = api.newUser();
        assertProblem(404, api.get("/api/workspaces/" + unique("nope"), ann.token()));
        assertProblem(404, api.get("/api/workspaces/" + UUID.randomUUID(), ann.token()));
    }

    @Test
    void anOwnerRenamesAWorkspaceAndChangesItsSlug() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        String newSlug = unique("renamed");
        Reply patched = expect(200, api.patch(workspace(ws), ann.token(), body("slug", newSlug, "name", "Renamed")));
        assertEquals(newSlug, patched.string("slug"));
        assertEquals("Renamed", patched.string("name"));
        assertEquals("Renamed", expect(200, api.get("/api/workspaces/" + newSlug, ann.token())).string("name"));
        assertProblem(404, api.get(workspace(ws), ann.token()));
    }

    @Test
    void anAdminRenamesAWorkspace() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        Session admin = api.newMember(ann, ws, "ADMIN", null);
        assertEquals("By admin", expect(200, api.patch(workspace(ws), admin.token(), body("name", "By admin")))
                .string("name"));
    }

    @Test
    void aMemberCannotRenameAWorkspaceAndIsToldWhichPermissionItLacks() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        Session member = api.newMember(ann, ws, "MEMBER", null);
        expect(200, api.get(workspace(ws), member.token()));
        assertForbidden("workspace:manage", api.patch(workspace(ws), member.token(), body("name", "Mine")));
        assertEquals("Acme", expect(200, api.get(workspace(ws), ann.token())).string("name"));
    }

    @Test
    void changingTheSlugToATakenOneIsAConflict() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        Workspace other = api.createWorkspace(api.newUser());
        assertProblem(409, api.patch(workspace(ws), ann.token(), body("slug", other.slug())));
        assertEquals(ws.slug(), expect(200, api.get("/api/workspaces/" + ws.id(), ann.token())).string("slug"));
    }

    @Test
    void patchingWithAnInvalidSlugIsRefused() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        assertProblem(400, api.patch(workspace(ws), ann.token(), body("slug", "Not A Slug")));
        assertProblem(400, api.patch(workspace(ws), ann.token(), body("slug", UUID.randomUUID().toString())));
    }

    @Test
    void anotherTenantsUserGets404OnTheWorkspaceAndEverythingInIt() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        String project = api.createProject(ann, ws);
        Session eve = api.newUser();
        api.createWorkspace(eve);
        for (String ref : List.of(ws.slug(), ws.id())) {
            String base = "/api/workspaces/" + ref;
            assertProblem(404, api.get(base, eve.token()));
            assertProblem(404, api.patch(base, eve.token(), body("name", "Pwned")));
            assertProblem(404, api.get(base + "/projects", eve.token()));
            assertProblem(404, api.post(base + "/projects", eve.token(), body("key", "evil", "name", "Evil")));
            assertProblem(404, api.get(base + "/projects/" + project, eve.token()));
            assertProblem(404, api.patch(base + "/projects/" + project, eve.token(), body("name", "Evil")));
            assertProblem(404, api.delete(base + "/projects/" + project, eve.token()));
            assertProblem(404, api.get(base + "/members", eve.token()));
            assertProblem(404, api.post(base + "/members", eve.token(), body("email", eve.email(), "role", "OWNER")));
            assertProblem(404, api.patch(base + "/members/" + ann.id(), eve.token(), body("role", "MEMBER")));
            assertProblem(404, api.delete(base + "/members/" + ann.id(), eve.token()));
        }
        assertEquals("Acme", expect(200, api.get(workspace(ws), ann.token())).string("name"));
        assertEquals(1, expect(200, api.get(projects(ws), ann.token())).items().size());
        assertEquals(1, expect(200, api.get(members(ws), ann.token())).items().size());
    }

    @Test
    void listingWorkspacesNeedsAuthentication() {
        assertProblem(401, api.get("/api/workspaces", null));
        assertProblem(401, api.post("/api/workspaces", null, body("slug", unique("ws"), "name", "Acme")));
    }

    @Test
    void aWorkspaceTheCallerWasAddedToAppearsInItsList() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        Session bob = api.newMember(ann, ws, "MEMBER", null);
        assertTrue(ids(expect(200, api.get("/api/workspaces", bob.token())), "id").contains(ws.id()));
    }
}
