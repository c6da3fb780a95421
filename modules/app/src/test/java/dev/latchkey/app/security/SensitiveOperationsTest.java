package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.OneOfEverything;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.RouteValues;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static dev.latchkey.app.security.StaleSessions.confirmed;
import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which write operations need a password confirmation from a login session is decided in one place:
 * every write route of the router is classified ({@link Sensitive}, {@link SensitiveWhen} or
 * {@link NotSensitive}), every sensitive route refuses a session outside the window without
 * {@code X-Confirm-Password} and does its work with it, and the conditional ones ask exactly when
 * their change widens something. Tokens are never asked.
 */
@MicronautTest(transactional = false)
class SensitiveOperationsTest extends ApiTest {
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    /** Routes of the framework, which cannot carry our annotations, and why they need no confirmation. */
    private static final Map<String, String> FRAMEWORK_ROUTES = Map.of(
            "POST /login", "the login is the password check itself",
            "POST /token_info", "Micronaut Security's introspection of the caller's own JWT: reads, changes nothing");

    @Inject
    Router router;

    /** Webhook endpoints of the walk point at a closed loopback port: a test event never leaves the machine. */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.webhooks.allow-private", "true");
        return p;
    }

    /** Each write route once (the router may list a route more than once). */
    private List<UriRouteInfo<?, ?>> writeRoutes() {
        Map<String, UriRouteInfo<?, ?>> byKey = new LinkedHashMap<>();
        router.uriRoutes().filter(r -> WRITES.contains(r.getHttpMethod())).forEach(r -> byKey.putIfAbsent(key(r), r));
        return List.copyOf(byKey.values());
    }

    private static String key(UriRouteInfo<?, ?> route) {
        return route.getHttpMethod() + " " + RouteValues.template(route);
    }

    @Test
    void everyWriteRouteIsClassifiedExactlyOnce() {
        List<String> problems = new ArrayList<>();
        List<UriRouteInfo<?, ?>> routes = writeRoutes();
        assertTrue(routes.size() >= 25, "the router should list the write routes, found " + routes.size());
        for (UriRouteInfo<?, ?> route : routes) {
            AnnotationMetadata metadata = route.getAnnotationMetadata();
            long marks = Stream.of(Sensitive.class, SensitiveWhen.class, NotSensitive.class)
                    .filter(metadata::hasAnnotation).count();
            if (marks == 0 && !FRAMEWORK_ROUTES.containsKey(key(route))) {
                problems.add(key(route) + " is neither @Sensitive, @SensitiveWhen nor @NotSensitive");
            }
            if (marks > 1) {
                problems.add(key(route) + " carries more than one classification");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** An owner's workspace with one of everything, for the route walk, and a second PAT to revoke in bulk. */
    private OneOfEverything world() {
        OneOfEverything w = OneOfEverything.create(api);
        w.put("other personal token", expect(201, api.post("/api/user/personal-access-tokens", w.owner().token(),
                body("name", "q", "scopes", List.of("projects:read")))).string("id"));
        return w;
    }

    private static String fill(String template, OneOfEverything w) {
        Matcher m = RouteValues.VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = w.valueOf(template, m.group(1));
            if (value == null) {
                throw new AssertionError("teach the sensitive-route walk what {" + m.group(1) + "} means in " + template);
            }
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A body that does the operation; routes nobody taught the walk get an empty one. */
    private static Object bodyFor(UriRouteInfo<?, ?> route, OneOfEverything w) {
        String t = RouteValues.template(route);
        if (route.getHttpMethod() == HttpMethod.DELETE) {
            return null;
        }
        if (t.endsWith("/regenerate") || t.endsWith("/copy")) {
            return Map.of();
        }
        if (t.equals("/api/user/personal-access-tokens/revoke")) {
            return body("ids", List.of(w.id("other personal token")));
        }
        if (t.endsWith("/revoke")) {
            // every kind's revoke-many; an id of no token is reported as not found
            return body("ids", List.of(java.util.UUID.randomUUID().toString()));
        }
        if (t.equals("/api/user/personal-access-tokens")) {
            return body("name", Api.unique("n"), "scopes", List.of("projects:read"));
        }
        if (t.equals("/api/personal-access-tokens")) {
            return body("name", Api.unique("n"), "type", "read-only"); // seed 001's shape
        }
        if (t.contains("/access-rules")) {
            return OneOfEverything.accessRule();
        }
        if (t.endsWith("/webhooks")) {
            return body("url", OneOfEverything.CLOSED_LOOPBACK, "events", List.of("token.created"));
        }
        if (t.endsWith("/webhooks/{id}")) {
            return body("events", List.of("token.created", "member.added"));
        }
        if (t.endsWith("/tokens")) {
            return body("name", Api.unique("n"), "grant", Map.of("allProjects", "TESTER"));
        }
        if (t.endsWith("/service-users")) {
            return body("firstName", "New", "lastName", "Bot");
        }
        if (t.endsWith("/personal-access-tokens")) {
            return body("note", "n", "permissions", List.of("projects:read"), "allProjects", true);
        }
        return Map.of();
    }

    /** Revocations after the rest, so that regenerating and copying find their token alive; the service user last. */
    private static int order(UriRouteInfo<?, ?> route) {
        if (key(route).startsWith("DELETE") && key(route).endsWith("/service-users/{userId}")) {
            return 2;
        }
        return route.getHttpMethod() == HttpMethod.DELETE || key(route).endsWith("/revoke") ? 1 : 0;
    }

    @Test
    void everySensitiveRouteRefusesAStaleSessionWithoutThePasswordAndWorksWithIt() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        List<UriRouteInfo<?, ?>> sensitive = writeRoutes().stream()
                .filter(r -> r.getAnnotationMetadata().hasAnnotation(Sensitive.class))
                .sorted(Comparator.comparingInt(SensitiveOperationsTest::order))
                .toList();
        assertTrue(sensitive.size() >= 14, "sensitive routes: " + sensitive.size());
        List<String> problems = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : sensitive) {
            String path = fill(RouteValues.template(route), w);
            Object body = bodyFor(route, w);
            Reply refused = api.exchange(route.getHttpMethod(), path, stale, body);
            if (refused.status() != 403 || !"confirmation_required".equals(refused.string("reason"))) {
                problems.add(key(route) + " without the password: " + refused.status() + " " + refused.text());
            }
            Reply done = confirmed(api, route.getHttpMethod(), path, stale, body, Api.PASSWORD);
            if (done.status() < 200 || done.status() > 299) {
                problems.add(key(route) + " with the password: " + done.status() + " " + done.text());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theReportedGapsAreClosed() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        String members = Api.members(w.ws());
        Session newcomer = api.newUser();
        Reply owner = api.post(members, stale, body("email", newcomer.email(), "role", "OWNER"));
        assertEquals("confirmation_required", owner.string("reason"), owner.text());
        Reply bot = api.post(Api.workspace(w.ws()) + "/service-users", stale, body("firstName", "B", "lastName", "C"));
        assertEquals("confirmation_required", bot.string("reason"), bot.text());
        expect(201, confirmed(api, HttpMethod.POST, members, stale, body("email", newcomer.email(), "role", "OWNER"), Api.PASSWORD));
    }

    // ---- conditional sensitivity ----

    @Test
    void clearingOrWideningATokensIpRestrictionsNeedsThePasswordForEveryKind() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        List<String> paths = List.of(
                "/api/user/personal-access-tokens/" + expect(201, api.post("/api/user/personal-access-tokens", w.owner().token(),
                        body("name", "ip", "scopes", List.of("projects:read"), "ipRestrictions", List.of("10.0.0.0/8")))).string("id"),
                Api.workspace(w.ws()) + "/tokens/" + expect(201, api.post(Api.workspace(w.ws()) + "/tokens", w.owner().token(),
                        body("name", "ip", "grant", Map.of("allProjects", "TESTER"), "ipRestrictions", List.of("10.0.0.0/8")))).string("id"),
                "/api/users/service/" + w.id("service user") + "/personal-access-tokens/" + expect(201,
                        api.post("/api/users/service/" + w.id("service user") + "/personal-access-tokens", w.owner().token(),
                                body("note", "ip", "permissions", List.of("projects:read"), "allProjects", true,
                                        "ipRestrictions", List.of("10.0.0.0/8")))).string("id"));
        for (String path : paths) {
            expect(200, api.patch(path, stale, body("name", "renamed")));
            expect(200, api.patch(path, stale, body("ipRestrictions", List.of("10.1.0.0/16", "10.2.3.4"))));
            for (List<String> wider : List.of(List.<String>of(), List.of("10.0.0.0/8"), List.of("10.1.0.0/16", "192.168.0.1"),
                    List.of("0.0.0.0/0"), List.of("::/0"))) {
                Reply refused = api.patch(path, stale, body("ipRestrictions", wider));
                assertEquals(403, refused.status(), path + " " + wider + ": " + refused.text());
                assertEquals("confirmation_required", refused.string("reason"));
            }
            assertEquals(List.of("10.1.0.0/16", "10.2.3.4"), api.get(path, w.owner().token()).get("ipRestrictions"), path);
            Reply cleared = confirmed(api, HttpMethod.PATCH, path, stale, body("ipRestrictions", List.of()), Api.PASSWORD);
            assertEquals(200, cleared.status(), cleared.text());
            assertEquals(List.of(), api.get(path, w.owner().token()).get("ipRestrictions"));
        }
    }

    @Test
    void addingOrPromotingAnAdminOrOwnerNeedsThePasswordButAMemberDoesNot() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        String members = Api.members(w.ws());
        expect(201, api.post(members, stale, body("email", api.newUser().email(), "role", "MEMBER")));
        for (String role : List.of("ADMIN", "OWNER")) {
            Reply refused = api.post(members, stale, body("email", api.newUser().email(), "role", role));
            assertEquals("confirmation_required", refused.string("reason"), role + ": " + refused.text());
            Reply promoted = api.patch(members + "/" + w.id("member"), stale, body("role", role));
            assertEquals("confirmation_required", promoted.string("reason"), role + ": " + promoted.text());
        }
        expect(200, confirmed(api, HttpMethod.PATCH, members + "/" + w.id("member"), stale, body("role", "ADMIN"), Api.PASSWORD));
        expect(200, api.patch(members + "/" + w.id("member"), stale, body("role", "MEMBER")));
    }

    @Test
    void looseningTheTokenPolicyNeedsThePasswordTighteningDoesNot() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        String policy = Api.workspace(w.ws()) + "/token-policy";
        Map<String, Object> tight = body("maxLifetimeDays", 30, "requireExpiry", true,
                "allowedIpRanges", List.of("10.0.0.0/8"), "allowPersonalTokens", false);
        expect(200, api.exchange(HttpMethod.PUT, policy, stale, tight));
        List<Map<String, Object>> looser = List.of(
                body("maxLifetimeDays", 60, "requireExpiry", true, "allowedIpRanges", List.of("10.0.0.0/8"), "allowPersonalTokens", false),
                body("maxLifetimeDays", null, "requireExpiry", true, "allowedIpRanges", List.of("10.0.0.0/8"), "allowPersonalTokens", false),
                body("maxLifetimeDays", 30, "requireExpiry", false, "allowedIpRanges", List.of("10.0.0.0/8"), "allowPersonalTokens", false),
                body("maxLifetimeDays", 30, "requireExpiry", true, "allowedIpRanges", List.of(), "allowPersonalTokens", false),
                body("maxLifetimeDays", 30, "requireExpiry", true, "allowedIpRanges", List.of("11.0.0.0/8"), "allowPersonalTokens", false),
                body("maxLifetimeDays", 30, "requireExpiry", true, "allowedIpRanges", List.of("10.0.0.0/8"), "allowPersonalTokens", true),
                body("maxLifetimeDays", 30, "requireExpiry", true, "allowedIpRanges", List.of("10.0.0.0/8")));
        for (Map<String, Object> change : looser) {
            Reply refused = api.exchange(HttpMethod.PUT, policy, stale, change);
            assertEquals("confirmation_required", refused.string("reason"), change + ": " + refused.text());
        }
        expect(200, api.exchange(HttpMethod.PUT, policy, stale, body("maxLifetimeDays", 7, "requireExpiry", true,
                "allowedIpRanges", List.of("10.1.0.0/16"), "allowPersonalTokens", false)));
        expect(200, confirmed(api, HttpMethod.PUT, policy, stale, Map.of(), Api.PASSWORD));
    }

    @Test
    void reactivatingASuspendedServiceUserNeedsThePassword() {
        OneOfEverything w = world();
        String stale = StaleSessions.of(w.owner());
        String bot = Api.workspace(w.ws()) + "/service-users/" + w.id("service user");
        expect(200, api.patch(bot, stale, body("status", "SUSPENDED")));
        assertEquals("confirmation_required", api.patch(bot, stale, body("status", "ACTIVE")).string("reason"));
        expect(200, api.patch(bot, stale, body("firstName", "Renamed")));
        expect(200, confirmed(api, HttpMethod.PATCH, bot, stale, body("status", "ACTIVE"), Api.PASSWORD));
    }

    @Test
    void tokensAreNeverAskedForAPassword() {
        OneOfEverything w = world();
        String pat = expect(201, api.post("/api/user/personal-access-tokens", w.owner().token(), body("name", "auto",
                "scopes", List.of("owner", "workspace:read", "workspace:manage", "tokens:manage", "service-users:manage")))).string("token");
        expect(201, api.post(Api.workspace(w.ws()) + "/service-users", pat, body("firstName", "A", "lastName", "B")));
        expect(201, api.post(Api.members(w.ws()), pat, body("email", api.newUser().email(), "role", "OWNER")));
        expect(201, api.post(Api.workspace(w.ws()) + "/tokens", pat, body("name", "t", "grant", Map.of("allProjects", "TESTER"))));
        expect(204, api.delete(Api.workspace(w.ws()) + "/tokens/" + w.id("workspace token"), pat));
    }
}
