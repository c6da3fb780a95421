package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access rules and {@code /api/auth/forward}: what Caddy's forward_auth and Traefik's forwardAuth
 * ask. The rule picks the permission, the engine decides; deny by default.
 */
@MicronautTest(transactional = false)
class AccessRulesTest extends HttpTestBase {
    private Person ann;
    private Person bob;
    private String ws;
    private String key;
    private String projectId;
    private String otherKey;
    private String otherProjectId;
    private Minted annToken;
    private Minted bobToken;

    @BeforeAll
    void setUp() {
        ann = api.person();
        bob = api.person();
        ws = api.workspace(ann);
        key = "web" + System.nanoTime() % 100000;
        projectId = api.post("/api/workspaces/" + ws + "/projects", Map.of("key", key, "name", "Web"), ann.bearer()).string("id");
        String otherWs = api.workspace(ann);
        otherKey = "api" + System.nanoTime() % 100000;
        otherProjectId = api.post("/api/workspaces/" + otherWs + "/projects", Map.of("key", otherKey, "name", "Other"),
                ann.bearer()).string("id");
        assertEquals(201, api.post("/api/workspaces/" + ws + "/members", Map.of("email", bob.email(), "role", "MEMBER",
                "projectRoles", Map.of(projectId, "TESTER")), ann.bearer()).status());
        annToken = fx.mint(ann, List.of("repositories:read", "repositories:write", "workspace:manage", "workspace:read"));
        bobToken = fx.mint(bob, List.of("repositories:read", "repositories:write", "workspace:read", "workspace:manage"));
        rule(Map.of("methods", List.of("POST"), "path", "/api/{project}/releases/**", "permission", "repositories:write"));
        rule(Map.of("methods", List.of("GET", "HEAD"), "path", "/api/{project}/**", "permission", "repositories:read"));
        rule(Map.of("path", "/api/**", "permission", "workspace:manage"));
        rule(Map.of("path", "/ops/**", "permission", "workspace:manage"));
    }

    private String rules() {
        return "/api/workspaces/" + ws + "/access-rules";
    }

    private String rule(Map<String, Object> body) {
        Reply r = api.post(rules(), body, ann.bearer());
        assertEquals(201, r.status(), r.toString());
        return r.string("id");
    }

    private Reply forward(String method, String uri, String authorization) {
        return forward(method, uri, "api.example.com", authorization);
    }

    private Reply forward(String method, String uri, String host, String authorization) {
        MutableHttpRequest<?> request = HttpRequest.GET("/api/auth/forward?workspace=" + ws)
                .header("X-Forwarded-Method", method).header("X-Forwarded-Uri", uri).header("X-Forwarded-Proto", "https");
        if (host != null) {
            request.header("X-Forwarded-Host", host);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.call(request);
    }

    @Test
    void theMostSpecificMatchingRuleNamesThePermissionAndTheEngineDecides() {
        Reply allowed = forward("POST", "/api/" + key + "/releases/7?dry=1", annToken.bearer());
        assertEquals(204, allowed.status());
        assertEquals("user:" + ann.id(), allowed.headers().get("X-Latchkey-Subject"));
        // a TESTER does not write, whatever its token says
        assertEquals(403, forward("POST", "/api/" + key + "/releases/7", bobToken.bearer()).status());
        // GET is matched by the {project} rule (more specific than /api/**), which a TESTER holds
        assertEquals(204, forward("GET", "/api/" + key + "/releases/7", bobToken.bearer()).status());
        assertEquals(204, forward("GET", "/api/" + projectId + "/files", bobToken.bearer()).status());
        // only /ops/** matches: workspace:manage, which bob's role lacks
        assertEquals(403, forward("GET", "/ops/status", bobToken.bearer()).status());
        assertEquals(204, forward("GET", "/ops/status", annToken.bearer()).status());
        // /api/status matches /api/{project}/** first: no project "status", denied
        assertEquals(403, forward("GET", "/api/status", annToken.bearer()).status());
    }

    @Test
    void wrongMethodWrongProjectAndNoRuleAreDenied() {
        // no rule for DELETE under a project: /api/** applies, which bob lacks
        assertEquals(403, forward("DELETE", "/api/" + key + "/releases/7", bobToken.bearer()).status());
        assertEquals(403, forward("POST", "/api/" + otherKey + "/releases/7", annToken.bearer()).status());
        assertEquals(403, forward("POST", "/api/" + otherProjectId + "/releases/7", annToken.bearer()).status());
        assertEquals(403, forward("POST", "/api/nosuchproject/releases/7", annToken.bearer()).status());
        assertEquals(403, forward("GET", "/elsewhere", annToken.bearer()).status());
        assertEquals(403, forward("GET", "/", annToken.bearer()).status());
    }

    @Test
    void aPathThatIsNotCanonicalMatchesNothing() {
        for (String uri : List.of("/api/" + key + "/../" + key + "/releases/1", "/api//" + key + "/releases/1",
                "/api/" + key + "/%2e%2e/releases", "/api/" + key + "%2Freleases/1", "/api/./" + key + "/x")) {
            assertEquals(403, forward("GET", uri, annToken.bearer()).status(), uri);
        }
    }

    @Test
    void noTokenIs401WithChallengesAndAMissingHeaderIs400() {
        Reply r = forward("GET", "/api/" + key + "/files", null);
        assertEquals(401, r.status());
        assertTrue(r.headers().getAll("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Basic")));
        assertEquals(401, forward("GET", "/api/" + key + "/files", ann.bearer()).status(), "a session is not a proxy's credential");
        Reply noUri = api.call(HttpRequest.GET("/api/auth/forward?workspace=" + ws).header("X-Forwarded-Method", "GET")
                .bearerAuth(annToken.secret()));
        assertEquals(400, noUri.status());
        assertEquals("X-Forwarded-Uri", noUri.string("field"));
        assertEquals(400, api.call(HttpRequest.GET("/api/auth/forward").header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Uri", "/").bearerAuth(annToken.secret())).status());
        assertEquals(403, api.call(HttpRequest.GET("/api/auth/forward?workspace=no-such-ws-x").header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Uri", "/api/status").bearerAuth(annToken.secret())).status());
    }

    @Test
    void aRuleWithAHostMatchesThatHostOnAnyPortOnly() {
        rule(Map.of("host", "admin.example.com", "path", "/admin/**", "permission", "workspace:read"));
        assertEquals(204, forward("GET", "/admin/x", "admin.example.com:8443", bobToken.bearer()).status());
        assertEquals(204, forward("GET", "/admin/x", "ADMIN.example.com", bobToken.bearer()).status());
        assertEquals(403, forward("GET", "/admin/x", "api.example.com", bobToken.bearer()).status());
        assertEquals(403, forward("GET", "/admin/x", null, bobToken.bearer()).status());
    }

    @Test
    void rulesAreManagedByManagersReadByMembersAndInvisibleToOthers() {
        Reply list = api.get(rules(), bobToken.bearer());
        assertEquals(200, list.status());
        assertTrue(list.items().size() >= 3);
        Map<String, Object> body = Map.of("path", "/x/{project}", "permission", "releases");
        assertEquals(403, api.post(rules(), body, bob.bearer()).status());
        Person stranger = api.person();
        assertEquals(404, api.get(rules(), stranger.bearer()).status());
        assertEquals(404, api.post(rules(), body, stranger.bearer()).status());
        String id = rule(body);
        assertEquals(404, api.get(rules() + "/" + id, stranger.bearer()).status());
        assertEquals(404, api.delete(rules() + "/" + id, stranger.bearer()).status());
        assertEquals(403, api.delete(rules() + "/" + id, bob.bearer()).status());
        // a rule id of this workspace under another workspace is not found
        String otherWs = api.workspace(ann);
        assertEquals(404, api.get("/api/workspaces/" + otherWs + "/access-rules/" + id, ann.bearer()).status());
    }

    @Test
    void aChangeAppliesAtOnceAndEveryChangeIsAudited() {
        String id = rule(Map.of("methods", List.of("PUT"), "path", "/deploy/{project}", "permission", "repositories:write"));
        assertEquals(403, forward("PUT", "/deploy/" + key, bobToken.bearer()).status());
        Reply patched = api.patch(rules() + "/" + id, Map.of("permission", "repositories:read"), ann.bearer());
        assertEquals(200, patched.status());
        assertEquals(List.of("PUT"), patched.body().get("methods"));
        assertNull(patched.body().get("host"));
        assertEquals(204, forward("PUT", "/deploy/" + key, bobToken.bearer()).status());
        assertEquals(204, api.delete(rules() + "/" + id, ann.bearer()).status());
        assertEquals(404, api.get(rules() + "/" + id, ann.bearer()).status());
        assertEquals(403, forward("PUT", "/deploy/" + key, bobToken.bearer()).status());
        for (String action : List.of("access_rule.created", "access_rule.updated", "access_rule.deleted")) {
            Reply log = api.get("/api/workspaces/" + ws + "/audit-events?action=" + action, ann.bearer());
            assertTrue(log.items().stream().anyMatch(e -> String.valueOf(e.get("details")).contains(id)), action + " " + log);
        }
    }

    @Test
    void badRulesAre400NamingTheField() {
        Map<String, Map<String, Object>> bad = new HashMap<>();
        bad.put("path", Map.of("path", "no-slash", "permission", "workspace:read"));
        bad.put("permission", Map.of("path", "/x", "permission", "repositories:teleport"));
        bad.put("methods", Map.of("methods", List.of("BREW"), "path", "/x", "permission", "workspace:read"));
        bad.put("host", Map.of("host", "exa mple.com", "path", "/x", "permission", "workspace:read"));
        for (var entry : bad.entrySet()) {
            Reply r = api.post(rules(), entry.getValue(), ann.bearer());
            assertEquals(400, r.status(), entry.toString());
            assertEquals(entry.getKey(), r.string("field"), r.toString());
        }
        Reply projectWithoutCapture = api.post(rules(), Map.of("path", "/x/**", "permission", "releases:deploy"), ann.bearer());
        assertEquals(400, projectWithoutCapture.status());
        assertEquals("path", projectWithoutCapture.string("field"));
        assertEquals(400, api.post(rules(), Map.of("path", "/{project}/{project}", "permission", "releases"), ann.bearer()).status());
        assertEquals(400, api.post(rules(), Map.of("path", "/a/{proj}", "permission", "workspace:read"), ann.bearer()).status());
        assertEquals(400, api.post(rules(), Map.of("permission", "workspace:read"), ann.bearer()).status());
    }
}
