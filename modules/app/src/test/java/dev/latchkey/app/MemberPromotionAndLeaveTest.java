package dev.latchkey.app;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.members;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, item 7, on the API: promoting a MEMBER who holds project roles to ADMIN clears those
 * roles with a notice (the dashboard's role dialog sends them along) instead of failing; and a
 * member leaves a workspace with {@code DELETE /api/workspaces/{ws}/members/me}.
 */
@MicronautTest(transactional = false)
class MemberPromotionAndLeaveTest extends WorkspaceTest {

    private Map<String, Object> row(Session user) {
        return expect(200, api.get(members(ws), owner.token())).items().stream()
                .filter(m -> user.id().equals(m.get("userId"))).findFirst().orElse(null);
    }

    @Test
    void promotingAMemberWithProjectRolesToAdminClearsThemWithANotice() {
        String project = api.createProject(owner, ws);
        Session bob = api.newMember(owner, ws, "MEMBER", Map.of(project, "TESTER"));

        // what the dashboard sends: the new role and the project roles still set in the dialog
        Reply promoted = expect(200, api.patch(members(ws) + "/" + bob.id(), owner.token(),
                body("role", "ADMIN", "projectRoles", Map.of(project, "TESTER"))));

        assertEquals("ADMIN", promoted.string("role"));
        assertEquals(Map.of(), promoted.get("projectRoles"));
        assertTrue(promoted.string("notice").contains("Project roles cleared"), promoted.text());
        assertEquals("ADMIN", row(bob).get("role"));
        assertEquals(Map.of(), row(bob).get("projectRoles"));
        assertEquals("allowed", expect(200, api.check(bob, "project:manage", null, project)).string("reason"));
        String details = auditDetails("member.updated");
        assertTrue(details.contains("projectRoles=" + project + ":TESTER") && details.endsWith("to role=ADMIN"), details);
    }

    @Test
    void aChangeThatClearsNothingCarriesNoNotice() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        Reply promoted = expect(200, api.patch(members(ws) + "/" + bob.id(), owner.token(), body("role", "ADMIN")));
        assertEquals("ADMIN", promoted.string("role"));
        assertNull(promoted.get("notice"));
    }

    @Test
    void aMemberLeavesWithMeAndTheLeavingIsAudited() {
        Session bob = api.newMember(owner, ws, "MEMBER", Map.of(api.createProject(owner, ws), "DEVELOPER"));
        expect(204, api.delete(members(ws) + "/me", bob.token()));

        assertProblem(404, api.get(workspace(ws), bob.token()));
        assertNull(row(bob));
        assertFalse(Api.ids(expect(200, api.get("/api/workspaces", bob.token())), "id").contains(ws.id()));
        assertEquals("left; role=MEMBER", auditDetails("member.removed"));
        // gone is gone: a second leave finds no workspace
        assertProblem(404, api.delete(members(ws) + "/me", bob.token()));
    }

    @Test
    void theLastOwnerCannotLeaveButOneOfTwoOwnersCan() {
        assertProblem(409, api.delete(members(ws) + "/me", owner.token()));
        assertEquals("OWNER", row(owner).get("role"));

        Session second = api.newMember(owner, ws, "OWNER", null);
        expect(204, api.delete(members(ws) + "/me", second.token()));
        assertNull(row(second));
    }

    @Test
    void aTokenCannotMakeItsOwnerLeave() {
        Session bob = api.newMember(owner, ws, "MEMBER", null);
        String pat = expect(201, api.post("/api/user/personal-access-tokens", bob.token(),
                body("name", "leaver", "scopes", List.of("workspace:read", "workspace:manage")))).string("token");
        Reply refused = assertProblem(403, api.delete(members(ws) + "/me", pat));
        assertEquals("session_required", refused.string("reason"));
        assertEquals("MEMBER", row(bob).get("role"));
    }

    @Test
    void someoneOutsideTheWorkspaceGetsItsNotFound() {
        Session stranger = api.newUser();
        Reply refused = assertProblem(404, api.delete(members(ws) + "/me", stranger.token()));
        assertEquals(assertProblem(404, api.delete("/api/workspaces/no-such-ws/members/me", stranger.token())).string("detail"),
                refused.string("detail"));
    }

    private String auditDetails(String action) {
        List<Map<String, Object>> events = expect(200, api.get(workspace(ws) + "/audit-events?action=" + action,
                owner.token())).items();
        assertFalse(events.isEmpty(), "no " + action + " event");
        return String.valueOf(events.get(0).get("details")); // newest first
    }
}
