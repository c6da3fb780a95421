package dev.latchkey.app.tokentypes;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token types (DESIGN: Token types): built-in and per-workspace permission sets, usable as
 * {@code "type"} in the create body of every token kind; a token copies the type's permissions
 * when it is made, shows the type, and a type the creator cannot grant is a 400 naming
 * {@code type} with nothing written.
 */
@MicronautTest(transactional = false)
class TokenTypesTest extends WorkspaceTest {

    private String types() {
        return workspace(ws) + "/token-types";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> array(Reply r) {
        assertTrue(r.body() instanceof List<?>, () -> "a bare array: " + r);
        return (List<Map<String, Object>>) r.body();
    }

    private static Map<String, Object> byId(List<Map<String, Object>> list, String id) {
        return list.stream().filter(t -> id.equals(t.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no type " + id + " in " + list));
    }

    private String customType(String name, List<String> permissions) {
        return expect(201, api.post(types(), owner.token(), body("name", name, "description", "d",
                "permissions", permissions))).string("id");
    }

    private String serviceUser() {
        return expect(201, api.post(workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
    }

    private int patCount(Session who) {
        return expect(200, api.get("/api/user/personal-access-tokens?limit=200", who.token())).items().size();
    }

    @Test
    void theBuiltInTypesArePublicWithTheirPermissions() {
        List<Map<String, Object>> builtIns = array(expect(200, api.get("/api/token-types", null)));
        assertEquals(List.of("read-only", "ci", "deploy", "full"), builtIns.stream().map(t -> t.get("id")).toList());
        assertEquals(List.of("projects:read", "repositories:read", "pipelines:run", "variables:read"),
                byId(builtIns, "ci").get("permissions"));
        assertEquals(List.of("projects:read", "environments", "releases:deploy"), byId(builtIns, "deploy").get("permissions"));
        assertEquals(List.of("owner"), byId(builtIns, "full").get("permissions"));
        for (Map<String, Object> t : builtIns) {
            assertEquals(true, t.get("builtIn"));
            assertTrue(t.containsKey("workspace") && t.get("workspace") == null, t.toString());
            assertTrue(t.get("name") instanceof String && t.get("description") instanceof String, t.toString());
        }
        List<?> readOnly = (List<?>) byId(builtIns, "read-only").get("permissions");
        assertTrue(readOnly.contains("projects:read") && readOnly.contains("releases") && !readOnly.contains("releases:deploy"));
    }

    @Test
    void customTypesAreManagedWithWorkspaceManageAndAudited() {
        Session member = api.newMember(owner, ws, "MEMBER", null);
        Session outsider = api.newUser();
        Reply created = expect(201, api.post(types(), owner.token(), body("name", "Release bot",
                "description", "ships releases", "permissions", List.of("releases:deploy", "projects:read"))));
        String id = created.string("id");
        assertEquals(List.of("projects:read", "releases:deploy"), created.get("permissions"));
        assertEquals(false, created.get("builtIn"));
        assertEquals(ws.id(), created.string("workspace"));

        // members read, only workspace:manage writes; another tenant learns nothing
        assertEquals(id, array(expect(200, api.get(types(), member.token()))).get(0).get("id"));
        assertEquals(403, api.post(types(), member.token(), body("name", "x", "permissions", List.of("owner"))).status());
        assertEquals(403, api.patch(types() + "/" + id, member.token(), body("name", "y")).status());
        assertEquals(403, api.delete(types() + "/" + id, member.token()).status());
        assertEquals(404, api.get(types(), outsider.token()).status());
        assertEquals(404, api.get(types() + "/" + id, outsider.token()).status());

        Reply patched = expect(200, api.patch(types() + "/" + id, owner.token(), body("permissions", List.of("releases:manage"))));
        assertEquals(List.of("releases:manage"), patched.get("permissions"));
        assertEquals("Release bot", patched.string("name"));
        expect(204, api.delete(types() + "/" + id, owner.token()));
        assertEquals(404, api.get(types() + "/" + id, owner.token()).status());

        List<Object> actions = expect(200, api.get(workspace(ws) + "/audit-events?limit=50", owner.token())).items()
                .stream().map(e -> e.get("action")).toList();
        assertTrue(actions.containsAll(List.of("token_type.created", "token_type.updated", "token_type.deleted")), actions.toString());
    }

    @Test
    void badTypeBodiesAre400NamingTheFieldAndWriteNothing() {
        assertEquals("permissions", expect(400, api.post(types(), owner.token(),
                body("name", "x", "permissions", List.of("no:such")))).string("field"));
        assertEquals("permissions", expect(400, api.post(types(), owner.token(),
                body("name", "x", "permissions", List.of()))).string("field"));
        assertEquals("name", expect(400, api.post(types(), owner.token(),
                body("name", " ", "permissions", List.of("owner")))).string("field"));
        assertEquals(0, array(expect(200, api.get(types(), owner.token()))).size());
    }

    @Test
    void aPersonalTokenMadeWithATypeCarriesItsPermissionsAndShowsIt() {
        Reply pat = expect(201, api.post("/api/user/personal-access-tokens", owner.token(), body("name", "ci", "type", "ci")));
        assertEquals(List.of("projects:read", "repositories:read", "pipelines:run", "variables:read"), pat.get("scopes"));
        assertEquals(Map.of("id", "ci", "name", "CI"), pat.get("type"));
        Reply plain = expect(201, api.post("/api/user/personal-access-tokens", owner.token(),
                body("name", "plain", "scopes", List.of("user:read"))));
        assertTrue(plain.json().containsKey("type") && plain.get("type") == null, plain.toString());

        int before = patCount(owner);
        Reply unknown = expect(400, api.post("/api/user/personal-access-tokens", owner.token(), body("name", "x", "type", "nope")));
        assertEquals("type", unknown.string("field"));
        assertEquals("type", expect(400, api.post("/api/user/personal-access-tokens", owner.token(),
                body("name", "x", "type", "ci", "scopes", List.of("user:read")))).string("field"));
        assertEquals(before, patCount(owner));
    }

    @Test
    void aTokenKeepsThePermissionsOfTheMomentItWasMade() {
        String typeId = customType("Pipelines", List.of("pipelines:read"));
        Reply made = expect(201, api.post(workspace(ws) + "/tokens", owner.token(), body("name", "w", "type", typeId)));
        assertEquals(Map.of("id", typeId, "name", "Pipelines"), made.get("type"));
        String tokenId = made.string("id");
        expect(200, api.patch(types() + "/" + typeId, owner.token(), body("name", "Everything", "permissions", List.of("owner"))));
        Reply later = expect(200, api.get(workspace(ws) + "/tokens/" + tokenId, owner.token()));
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = (Map<String, Object>) later.get("grant");
        assertEquals(List.of("pipelines:read"), grant.get("permissions"));
        assertEquals(Map.of("id", typeId, "name", "Pipelines"), later.get("type"));
        // and it acts with exactly those: it reads pipelines, it does not manage them
        String token = made.string("token");
        String project = api.createProject(owner, ws);
        assertEquals(true, expect(200, api.post("/api/authz/check", token, body("permission", "pipelines:read",
                "project", project))).get("allowed"));
        assertEquals(false, expect(200, api.post("/api/authz/check", token, body("permission", "pipelines:manage",
                "project", project))).get("allowed"));
        expect(204, api.delete(types() + "/" + typeId, owner.token()));
        assertEquals(Map.of("id", typeId, "name", "Pipelines"),
                expect(200, api.get(workspace(ws) + "/tokens/" + tokenId, owner.token())).get("type"));
    }

    @Test
    void everyKindTakesATypeAndRefusesOneTheCreatorCannotGrant() {
        // a service token made with a type, by the OWNER
        String su = serviceUser();
        String path = "/api/users/service/" + su + "/personal-access-tokens";
        Reply deploy = expect(201, api.post(path, owner.token(), body("name", "d", "type", "deploy", "allProjects", true)));
        assertEquals(List.of("projects:read", "environments", "releases:deploy"), deploy.get("permissions"));
        assertEquals(Map.of("id", "deploy", "name", "Deploy"), deploy.get("type"));

        // an ADMIN may manage service users but cannot grant owner: type "full" is a 400 naming type
        Session admin = api.newMember(owner, ws, "ADMIN", null);
        int before = expect(200, api.get(path + "?limit=200", owner.token())).items().size();
        Reply refused = expect(400, api.post(path, admin.token(), body("name", "f", "type", "full", "allProjects", true)));
        assertEquals("type", refused.string("field"));
        assertEquals("cannot_grant_unheld_permission", refused.string("reason"));
        assertEquals("owner", refused.string("missingPermission"));
        assertEquals(before, expect(200, api.get(path + "?limit=200", owner.token())).items().size());

        // a personal token limited to the workspace: a MEMBER cannot hand out workspace:manage
        String manage = customType("Managers", List.of("workspace:manage"));
        Session member = api.newMember(owner, ws, "MEMBER", null);
        int pats = patCount(member);
        Reply pat = expect(400, api.post("/api/user/personal-access-tokens", member.token(), body("name", "m", "type", manage)));
        assertEquals("type", pat.string("field"));
        assertEquals("workspace:manage", pat.string("missingPermission"));
        assertEquals(pats, patCount(member));
        // the OWNER may, and the custom type limits the token to its workspace
        Reply ownerPat = expect(201, api.post("/api/user/personal-access-tokens", owner.token(), body("name", "m", "type", manage)));
        assertEquals(ws.id(), ownerPat.string("workspace"));

        // workspace and service tokens carry project permissions only
        assertEquals("type", expect(400, api.post(workspace(ws) + "/tokens", owner.token(),
                body("name", "w", "type", manage))).string("field"));
        assertEquals("type", expect(400, api.post(path, owner.token(),
                body("name", "w", "type", manage, "allProjects", true))).string("field"));
    }

    @Test
    void aTypeOfAnotherWorkspaceIsUnknown() {
        Session other = api.newUser();
        var otherWs = api.createWorkspace(other);
        String foreign = expect(201, api.post(workspace(otherWs) + "/token-types", other.token(),
                body("name", "Theirs", "permissions", List.of("projects:read")))).string("id");
        int before = expect(200, api.get(workspace(ws) + "/tokens?limit=200", owner.token())).items().size();
        Reply r = expect(400, api.post(workspace(ws) + "/tokens", owner.token(), body("name", "w", "type", foreign)));
        assertEquals("type", r.string("field"));
        assertEquals(400, api.post("/api/user/personal-access-tokens", owner.token(), body("name", "p", "type", foreign)).status());
        assertEquals(before, expect(200, api.get(workspace(ws) + "/tokens?limit=200", owner.token())).items().size());
        assertNull(api.get(workspace(ws) + "/token-types/" + foreign, owner.token()).get("permissions"));
    }
}
