package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.app.security.StaleSessions.confirmed;
import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrong {@code X-Confirm-Password} is a failed login of the caller's account, wherever it is sent:
 * it counts in the same per-account throttle as {@code POST /login}, is audited as
 * {@code login.failed} via confirmation, and once the account is locked even the right password is
 * refused, at a confirmation and at the login alike.
 */
@MicronautTest(transactional = false)
class ConfirmationThrottleTest extends ApiTest {
    private static final String PATS = "/api/user/personal-access-tokens";
    private static final int LIMIT = 3;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.rate-limits.enabled", "true");
        p.put("latchkey.rate-limits.login.capacity", "10000");
        p.put("latchkey.rate-limits.signup.capacity", "10000");
        p.put("latchkey.rate-limits.login.failures-per-account", String.valueOf(LIMIT));
        return p;
    }

    private static Map<String, Object> pat() {
        return body("name", Api.unique("ci"), "scopes", List.of("projects:read"));
    }

    private Reply createPat(String session, String password) {
        return confirmed(api, HttpMethod.POST, PATS, session, pat(), password);
    }

    @Test
    void wrongConfirmationsLockTheAccountAndEvenTheRightPasswordIsThenRefused() {
        Session ann = api.newUser();
        String stale = StaleSessions.of(ann);
        for (int i = 0; i < LIMIT; i++) {
            Reply wrong = createPat(stale, "guess " + i);
            assertEquals(403, wrong.status(), wrong.text());
            assertEquals("confirmation_failed", wrong.string("reason"));
        }
        Reply locked = createPat(stale, Api.PASSWORD);
        assertEquals(429, locked.status(), locked.text());
        assertEquals("too_many_failed_logins", locked.string("reason"));
        assertTrue(locked.contentType().startsWith("application/problem+json"));
        assertEquals(401, api.login(ann.email(), Api.PASSWORD).status(), "the login is locked by the same count");
        assertTrue(api.get(PATS, ann.token()).items().isEmpty(), "nothing was created");
    }

    @Test
    void wrongConfirmationsAreAuditedAsFailedLoginsOfTheAccount() {
        Session ann = api.newUser();
        String stale = StaleSessions.of(ann);
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(403, createPat(stale, "guess " + i).status());
        }
        assertEquals(429, createPat(stale, Api.PASSWORD).status());
        List<Map<String, Object>> events = api.get("/api/user/audit-events", ann.token()).items();
        long failed = events.stream().filter(e -> "login.failed".equals(e.get("action"))
                && "via: confirmation".equals(e.get("details"))).count();
        assertEquals(LIMIT, failed, events.toString());
        assertTrue(events.stream().anyMatch(e -> "login.throttled".equals(e.get("action"))
                && "via: confirmation".equals(e.get("details"))), events.toString());
    }

    @Test
    void failedLoginsLockTheConfirmationToo() {
        Session ann = api.newUser();
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, api.login(ann.email(), "guess " + i).status());
        }
        Reply locked = createPat(StaleSessions.of(ann), Api.PASSWORD);
        assertEquals(429, locked.status(), locked.text());
        assertTrue(api.get(PATS, ann.token()).items().isEmpty());
    }

    @Test
    void aWrongPasswordCountsOnEveryRouteThatTakesOneEvenInsideTheWindow() {
        Session ann = api.newUser();
        Workspace ws = api.createWorkspace(ann);
        String patId = expect(201, api.post(PATS, ann.token(), pat())).string("id");
        String fresh = ann.token();
        // a sensitive route, a conditionally sensitive one whose change is harmless, and a member add
        List<Reply> wrong = List.of(
                confirmed(api, HttpMethod.POST, Api.workspace(ws) + "/tokens", fresh,
                        body("name", "t", "grant", Map.of("allProjects", "TESTER")), "guess 1"),
                confirmed(api, HttpMethod.PATCH, PATS + "/" + patId, fresh, body("name", "renamed"), "guess 2"),
                confirmed(api, HttpMethod.PUT, Api.workspace(ws) + "/token-policy", fresh,
                        body("requireExpiry", true), "guess 3"));
        for (Reply reply : wrong) {
            assertEquals(403, reply.status(), reply.text());
            assertEquals("confirmation_failed", reply.string("reason"));
        }
        assertEquals(429, createPat(fresh, Api.PASSWORD).status());
        assertNotEquals("renamed", api.get(PATS + "/" + patId, fresh).string("name"), "a refused confirmation changes nothing");
    }

    @Test
    void aRightConfirmationClearsTheCountAsALoginDoes() {
        Session ann = api.newUser();
        String stale = StaleSessions.of(ann);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < LIMIT - 1; i++) {
                assertEquals(403, createPat(stale, "guess " + i).status());
            }
            assertEquals(201, createPat(stale, Api.PASSWORD).status());
        }
    }
}
