package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP Basic carries a Latchkey token as the password and nothing else: email:password is refused
 * with 401 and a challenge on every route, whatever the spelling of the scheme, before any password
 * hash runs and without counting as a failed login.
 */
@MicronautTest(transactional = false)
class BasicAuthTest extends ApiTest {
    /** Public, session-only, token-taking and credential routes alike. */
    private static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, "/api/user", null),
            new Route(HttpMethod.GET, "/api/workspaces", null),
            new Route(HttpMethod.POST, "/api/workspaces", body("slug", "basic-nope", "name", "Nope")),
            new Route(HttpMethod.POST, "/api/user/personal-access-tokens", body("name", "git", "scopes", List.of("user:read"))),
            new Route(HttpMethod.GET, "/api/permissions", null),
            new Route(HttpMethod.GET, "/api/version", null),
            new Route(HttpMethod.POST, "/login", null),
            new Route(HttpMethod.POST, "/api/signup", null),
            new Route(HttpMethod.GET, "/api/auth/verify", null),
            new Route(HttpMethod.POST, "/api/authz/check", body("permission", "user:read")),
            new Route(HttpMethod.GET, "/api/user/audit-events", null));

    @Inject
    CountingPasswordHasher hasher;

    private Api.Session bob;

    record Route(HttpMethod method, String path, Object body) {
    }

    @Override
    public Map<String, String> getProperties() {
        // the account throttle is on: Basic guesses must not count against it (nor bypass it)
        Map<String, String> p = ThrottledLogins.on(super.getProperties());
        p.put(CountingPasswordHasher.PROPERTY, "true");
        return p;
    }

    @BeforeAll
    void bob() {
        bob = api.newUser();
    }

    private static String basic(String scheme, String userAndPassword) {
        return scheme + " " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(Route route, String authorization) {
        MutableHttpRequest<Object> request = HttpRequest.create(route.method(), route.path());
        request.header(HttpHeaders.AUTHORIZATION, authorization);
        return api.send(request, route.body());
    }

    private static void assertRefusedWithChallenge(Reply reply, String what) {
        assertEquals(401, reply.status(), () -> what + ": " + reply);
        assertTrue(reply.contentType().startsWith("application/problem+json"), what);
        List<String> challenges = reply.headers().getAll(HttpHeaders.WWW_AUTHENTICATE);
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic realm=\"latchkey\"")), () -> what + ": " + challenges);
    }

    @Test
    void emailAndPasswordOverBasicAreRefusedOnEveryRouteWithoutHashingAPassword() {
        List<String> headers = List.of(
                basic("Basic", bob.email() + ":" + Api.PASSWORD),
                basic("basic", bob.email() + ":" + Api.PASSWORD),
                basic("BASIC", bob.email() + ":" + Api.PASSWORD),
                basic("BaSiC", bob.email().toUpperCase() + ":" + Api.PASSWORD),
                "Basic   " + Base64.getEncoder().encodeToString((bob.email() + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8)),
                basic("Basic", bob.email() + ":wrong password"),
                basic("Basic", bob.email() + ":"),
                basic("Basic", ":" + Api.PASSWORD),
                basic("Basic", bob.email()),
                "Basic !!!not-base64!!!",
                "Basic ");
        int hashesBefore = hasher.runs();
        for (Route route : ROUTES) {
            for (String header : headers) {
                assertRefusedWithChallenge(send(route, header), route.method() + " " + route.path() + " with " + header);
            }
        }
        assertEquals(hashesBefore, hasher.runs(), "no password hash may run for a Basic header");
    }

    @Test
    void basicGuessesAreNotLoginsSoTheyNeitherCountNorReachTheAccount() {
        Route user = ROUTES.get(0);
        for (int i = 0; i < 10; i++) {
            assertRefusedWithChallenge(send(user, basic("Basic", bob.email() + ":guess " + i)), "guess " + i);
        }
        // the account is not throttled by them, and nothing was audited as a login
        String jwt = expect(200, api.login(bob.email(), Api.PASSWORD)).string("access_token");
        List<Object> actions = api.get("/api/user/audit-events", jwt).items().stream().map(e -> e.get("action")).toList();
        assertTrue(!actions.contains("login.failed") && !actions.contains("login.throttled"), actions.toString());
    }

    @Test
    void aLatchkeyTokenAsTheBasicPasswordStillWorks() {
        String jwt = expect(200, api.login(bob.email(), Api.PASSWORD)).string("access_token");
        String token = expect(201, api.post("/api/user/personal-access-tokens", jwt,
                body("name", "git", "scopes", List.of("user:read")))).string("token");
        for (String scheme : List.of("Basic", "basic")) {
            Reply me = send(ROUTES.get(0), basic(scheme, "git:" + token));
            assertEquals(200, me.status(), me::toString);
            assertEquals(bob.id(), me.string("id"));
        }
        // a token-shaped password that is not a real token is a refused token, not a login
        Reply forged = send(ROUTES.get(0), basic("Basic", bob.email() + ":lkp_" + "A".repeat(49)));
        assertEquals(401, forged.status(), forged::toString);
    }
}
