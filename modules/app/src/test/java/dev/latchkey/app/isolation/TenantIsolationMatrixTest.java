package dev.latchkey.app.isolation;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.OneOfEverything;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.RouteValues;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every route of the running app that names a resource, read from the router itself (so a new
 * endpoint is covered without anyone remembering to add it), tried by every kind of principal of
 * workspace A against the resources of workspace B. Each answer must be a refusal that says
 * nothing: 401/403/404, or exactly the answer the same request gets for ids that do not exist.
 * Afterwards B's resources are all still there, unchanged.
 */
@MicronautTest(transactional = false)
class TenantIsolationMatrixTest extends ApiTest {
    private static final Set<Integer> REFUSALS = Set.of(401, 403, 404);

    @Inject
    Router router;

    /** B's webhook points at a closed loopback port ({@link OneOfEverything}): its test delivery never leaves the machine. */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.webhooks.allow-private", "true");
        return p;
    }

    private final Map<String, String> principalsOfA = new LinkedHashMap<>();
    private Workspace b;
    private Session ownerB;
    private OneOfEverything ofB;

    @BeforeAll
    void twoTenants() {
        Session ownerA = api.newUser();
        Workspace a = api.createWorkspace(ownerA);
        api.createProject(ownerA, a);
        principalsOfA.put("session of A's owner", ownerA.token());
        principalsOfA.put("PAT of A's owner", expect(201, api.post("/api/user/personal-access-tokens", ownerA.token(),
                body("name", "matrix", "scopes", List.of("owner", "user:read", "workspace:read", "workspace:manage",
                        "tokens:manage", "service-users:manage", "audit:read")))).string("token"));
        principalsOfA.put("workspace token of A", expect(201, api.post(Api.workspace(a) + "/tokens", ownerA.token(),
                body("name", "matrix", "grant", Map.of("allProjects", "OWNER")))).string("token"));
        String serviceUserA = expect(201, api.post(Api.workspace(a) + "/service-users", ownerA.token(),
                body("firstName", "Matrix", "lastName", "Bot"))).string("id");
        principalsOfA.put("service token of A", expect(201, api.post("/api/users/service/" + serviceUserA
                + "/personal-access-tokens", ownerA.token(), body("note", "matrix", "permissions", List.of("owner"),
                "allProjects", true))).string("token"));

        ofB = OneOfEverything.create(api);
        ownerB = ofB.owner();
        b = ofB.ws();
        ofB.put("token type", expect(201, api.post(Api.workspace(b) + "/token-types", ownerB.token(),
                body("name", "b", "permissions", List.of("projects:read")))).string("id"));
        // a PAT limited to B waiting for B's approval (issue #19)
        expect(200, api.exchange(io.micronaut.http.HttpMethod.PUT, Api.workspace(b) + "/token-policy", ownerB.token(),
                body("requireApprovalForPersonalTokens", true)));
        expect(201, api.post("/api/user/personal-access-tokens", ownerB.token(),
                body("name", "b limited", "scopes", List.of("projects:read"), "workspace", b.slug())));
        ofB.put("token request", api.get("/api/user/token-requests", ownerB.token()).items().get(0)
                .get("tokenId").toString());
    }

    /** What a path variable stands for in B; unknown variables fail loudly. */
    private String valueInB(String path, String variable) {
        String value = ofB.valueOf(path, variable);
        return value != null ? value : fail("teach the isolation matrix what {" + variable + "} means in " + path);
    }

    private static String nonexistent(String variable) {
        return variable.equals("ws") ? "no-such-" + UUID.randomUUID().toString().substring(0, 8) : UUID.randomUUID().toString();
    }

    private String fill(String template, boolean inB) {
        Matcher m = RouteValues.VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, inB ? valueInB(template, m.group(1)) : nonexistent(m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void noPrincipalOfOneWorkspaceReachesAnythingOfAnother() {
        List<String> leaks = new ArrayList<>();
        int tried = 0;
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes()
                .filter(r -> r.getUriMatchTemplate().getVariableNames().size() > 0)
                .filter(r -> RouteValues.template(r).startsWith("/api/"))
                .toList();
        assertTrue(routes.size() >= 20, "the router should list the resource routes, found " + routes.size());
        for (UriRouteInfo<?, ?> route : routes) {
            String template = RouteValues.template(route);
            HttpMethod method = route.getHttpMethod();
            Object requestBody = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : Map.of();
            for (Map.Entry<String, String> principal : principalsOfA.entrySet()) {
                Reply inB = api.exchange(method, fill(template, true), principal.getValue(), requestBody);
                tried++;
                if (REFUSALS.contains(inB.status())) {
                    continue;
                }
                Reply control = api.exchange(method, fill(template, false), principal.getValue(), requestBody);
                if (inB.status() != control.status() || !String.valueOf(inB.get("detail")).equals(String.valueOf(control.get("detail")))) {
                    leaks.add(principal.getKey() + ": " + method + " " + template + " -> " + inB.status() + " " + inB.text());
                }
            }
        }
        System.out.println("[isolation] " + routes.size() + " routes x " + principalsOfA.size() + " principals = " + tried + " requests");
        assertTrue(tried >= 80, "tried " + tried);
        assertTrue(leaks.isEmpty(), "answers that differ from a missing resource:\n" + String.join("\n", leaks));
    }

    @Test
    void workspaceBIsUntouchedAfterTheAttempts() {
        noPrincipalOfOneWorkspaceReachesAnythingOfAnother();
        String ws = Api.workspace(b);
        assertEquals(200, api.get(ws, ownerB.token()).status());
        assertEquals(200, api.get(ws + "/projects/" + ofB.id("project"), ownerB.token()).status());
        assertTrue(Api.ids(api.get(ws + "/members", ownerB.token()), "userId").contains(ofB.id("member")));
        assertEquals("active", api.get(ws + "/tokens/" + ofB.id("workspace token"), ownerB.token()).string("status"));
        assertEquals("ACTIVE", api.get(ws + "/service-users/" + ofB.id("service user"), ownerB.token()).string("status"));
        assertEquals("active", api.get("/api/users/service/" + ofB.id("service user") + "/personal-access-tokens/"
                + ofB.id("service token"), ownerB.token()).string("status"));
        assertEquals("active", api.get("/api/user/personal-access-tokens/" + ofB.id("personal token"),
                ownerB.token()).string("status"));
        assertEquals(OneOfEverything.CLOSED_LOOPBACK, api.get(ws + "/webhooks/" + ofB.id("webhook"), ownerB.token()).string("url"));
        assertEquals("pending", api.get("/api/user/token-requests", ownerB.token()).items().get(0).get("state"));
        assertEquals(2, api.get(ws + "/credentials?kind=personal&state=active", ownerB.token()).items().size()
                + api.get(ws + "/credentials?kind=personal&state=pending", ownerB.token()).items().size(),
                "no PAT of B was cut off from B");
    }
}
