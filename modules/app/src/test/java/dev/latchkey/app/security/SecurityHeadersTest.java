package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, class "a response lacks a protective header": every answer that is not a static file
 * is no-store (above all the ones that carry a token, of every kind and every way of minting), every
 * page refuses framing and sniffing and keeps a strict CSP the dashboard lives within, and anonymous
 * health shows the status only.
 */
@MicronautTest(transactional = false)
class SecurityHeadersTest extends ApiTest {

    private static void assertNoStore(String what, Reply reply) {
        assertEquals("no-store", reply.headers().get("Cache-Control"), () -> what + " (" + reply.status() + ") is cacheable");
    }

    private static void assertPageHeaders(String what, Reply reply) {
        String csp = reply.headers().get("Content-Security-Policy");
        assertNotNull(csp, what + " has no CSP");
        assertTrue(csp.contains("frame-ancestors 'none'"), what + ": " + csp);
        assertEquals("DENY", reply.headers().get("X-Frame-Options"), what);
        assertEquals("nosniff", reply.headers().get("X-Content-Type-Options"), what);
        assertEquals("no-referrer", reply.headers().get("Referrer-Policy"), what);
    }

    @Test
    void everyAnswerThatCarriesATokenIsNoStore() {
        Api.Session owner = api.newUser();
        Api.Workspace ws = api.createWorkspace(owner);
        String project = api.createProject(owner, ws);
        List<Reply> minted = new ArrayList<>();

        Reply pat = expect(201, api.post("/api/user/personal-access-tokens", owner.token(),
                body("name", Api.unique("pat"), "scopes", List.of("user:read"))));
        minted.add(pat);
        minted.add(expect(200, api.post("/api/user/personal-access-tokens/" + pat.string("id") + "/regenerate",
                owner.token(), Map.of())));
        minted.add(expect(201, api.post("/api/user/personal-access-tokens/" + pat.string("id") + "/copy",
                owner.token(), Map.of())));

        String tokens = Api.workspace(ws) + "/tokens";
        Reply wst = expect(201, api.post(tokens, owner.token(),
                body("name", "ci", "grant", Map.of("projects", Map.of(project, "DEVELOPER")))));
        minted.add(wst);
        minted.add(expect(200, api.post(tokens + "/" + wst.string("id") + "/regenerate", owner.token(), Map.of())));
        minted.add(expect(201, api.post(tokens + "/" + wst.string("id") + "/copy", owner.token(), Map.of())));

        String serviceUser = expect(201, api.post(Api.workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
        String serviceTokens = "/api/users/service/" + serviceUser + "/personal-access-tokens";
        Reply st = expect(201, api.post(serviceTokens, owner.token(),
                body("note", "deploy", "permissions", List.of("releases:deploy"), "allProjects", true)));
        minted.add(st);
        minted.add(expect(200, api.post(serviceTokens + "/" + st.string("id") + "/regenerate", owner.token(), Map.of())));

        for (Reply reply : minted) {
            assertNotNull(reply.string("token"), reply::toString);
            assertNoStore("an answer with a token", reply);
        }
        assertNoStore("login", expect(200, api.login(owner.email(), Api.PASSWORD)));
    }

    @Test
    void everyOtherApiAnswerIsNoStoreToo() {
        Api.Session ann = api.newUser();
        assertNoStore("GET /api/user", expect(200, api.get("/api/user", ann.token())));
        assertNoStore("401", expect(401, api.get("/api/user", null)));
        assertNoStore("404", expect(404, api.get("/api/no-such-thing", ann.token())));
        assertNoStore("400", expect(400, api.post("/api/workspaces", ann.token(), "{")));
        assertNoStore("non-canonical", api.get("/api/user/", ann.token()));
        assertNoStore("GET /", expect(200, api.get("/", null)));
        assertNoStore("/health", expect(200, api.get("/health", null)));
        assertNoStore("415 from /oauth", expect(415, api.post("/oauth/introspect", ann.token(), Map.of("token", "x"))));
    }

    @Test
    void theDashboardAndEveryAnswerRefuseFramingAndSniffing() {
        for (String path : List.of("/", "/index.html", "/assets/js/app.js", "/assets/css/app.css", "/api/user",
                "/health", "/swagger-ui/index.html", "/api/user/")) {
            assertPageHeaders(path, api.get(path, null));
        }
        String dashboard = api.get("/", null).headers().get("Content-Security-Policy");
        assertTrue(dashboard.contains("script-src 'self'") && !dashboard.contains("unsafe-inline"), dashboard);
        assertTrue(dashboard.contains("default-src 'none'"), dashboard);
    }

    @Test
    void theDashboardNeedsNothingItsPolicyForbids() throws IOException {
        String html = resource("public/index.html");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "inline script in index.html");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "inline style or handler in index.html");
        // every module of the dashboard, listed from the directory so a new one cannot be missed
        List<String> modules;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(java.util.Objects.requireNonNull(
                getClass().getClassLoader().getResource("public/assets/js")).toURI()))) {
            modules = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".js")).sorted().toList();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        assertTrue(modules.containsAll(List.of("app.js", "api.js", "forms.js", "pats.js", "ui.js", "workspaces.js",
                "governance.js")), modules.toString());
        for (String js : modules) {
            String code = resource("public/assets/js/" + js);
            for (String forbidden : List.of("eval(", "new Function", "setAttribute('style'", "setAttribute(\"style\"",
                    "style=", "javascript:", "<style")) {
                assertFalse(code.contains(forbidden), js + " uses " + forbidden);
            }
        }
    }

    @Test
    void anonymousHealthShowsTheStatusOnly() {
        Reply health = expect(200, api.get("/health", null));
        assertEquals("UP", health.string("status"));
        assertNull(health.get("details"), health::toString);
        assertFalse(health.text().toLowerCase().contains("jdbc"), health.text());
        assertFalse(health.text().contains("H2") || health.text().contains("MariaDB") || health.text().contains("MySQL"),
                health.text());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SecurityHeadersTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
