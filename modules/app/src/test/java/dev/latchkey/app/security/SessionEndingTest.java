package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session can be ended: logout ends the current one; a password change ends every other one and
 * is confirmed by the current password, which is checked like a login (the same per-account
 * throttle and {@code login.failed} audit, {@code via: confirmation}).
 */
@MicronautTest(transactional = false)
class SessionEndingTest extends ApiTest {
    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Override
    public Map<String, String> getProperties() {
        return ThrottledLogins.on(super.getProperties());
    }

    private String login(Api.Session user, String password) {
        return expect(200, api.login(user.email(), password)).string("access_token");
    }

    private List<Object> actions(String jwt) {
        return api.get("/api/user/audit-events", jwt).items().stream().map(e -> e.get("action")).toList();
    }

    private static void assertDead(Reply reply) {
        assertEquals(401, reply.status(), reply::toString);
    }

    @Test
    void logoutEndsThisSessionOnlyAndForGood() {
        Api.Session ann = api.newUser();
        String other = login(ann, Api.PASSWORD);
        expect(200, api.get("/api/user", ann.token()));
        Reply out = api.post("/api/user/logout", ann.token(), null);
        assertEquals(204, out.status(), out::toString);
        for (String path : List.of("/api/user", "/api/workspaces", "/api/user/personal-access-tokens")) {
            assertDead(api.get(path, ann.token()));
        }
        assertDead(api.post("/api/user/logout", ann.token(), null));
        assertDead(api.post("/api/user/password", ann.token(), body("current", Api.PASSWORD, "new", NEW_PASSWORD)));
        expect(200, api.get("/api/user", other));
        assertTrue(actions(other).contains("user.logged_out"));
    }

    @Test
    void aTokenCannotLogOutOrChangeThePassword() {
        Api.Session ann = api.newUser();
        String pat = expect(201, api.post("/api/user/personal-access-tokens", ann.token(),
                body("name", "ci", "scopes", List.of("user:read")))).string("token");
        Reply out = api.post("/api/user/logout", pat, null);
        assertEquals(403, out.status(), out::toString);
        assertEquals("session_required", out.string("reason"));
        Reply change = api.post("/api/user/password", pat, body("current", Api.PASSWORD, "new", NEW_PASSWORD));
        assertEquals(403, change.status(), change::toString);
        assertEquals(401, api.login(ann.email(), NEW_PASSWORD).status());
        expect(200, api.get("/api/user", pat));
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndKeepsThisOne() {
        Api.Session ann = api.newUser();
        String second = login(ann, Api.PASSWORD);
        String third = login(ann, Api.PASSWORD);
        Reply changed = api.post("/api/user/password", ann.token(), body("current", Api.PASSWORD, "new", NEW_PASSWORD));
        assertEquals(204, changed.status(), changed::toString);
        expect(200, api.get("/api/user", ann.token()));
        assertDead(api.get("/api/user", second));
        assertDead(api.get("/api/user", third));
        assertEquals(401, api.login(ann.email(), Api.PASSWORD).status());
        String fresh = login(ann, NEW_PASSWORD);
        expect(200, api.get("/api/user", fresh));
        assertTrue(actions(fresh).contains("user.password_changed"));

        // a second change from the new session ends the first one, which was only kept by the last change
        assertEquals(204, api.post("/api/user/password", fresh, body("current", NEW_PASSWORD, "new", Api.PASSWORD)).status());
        assertDead(api.get("/api/user", ann.token()));
        expect(200, api.get("/api/user", fresh));
    }

    @Test
    void aWrongCurrentPasswordIsAFailedLoginOfTheAccount() {
        Api.Session ann = api.newUser();
        for (int i = 0; i < ThrottledLogins.FAILURES_PER_ACCOUNT; i++) {
            Reply wrong = api.post("/api/user/password", ann.token(), body("current", "not it " + i, "new", NEW_PASSWORD));
            assertEquals(403, wrong.status(), wrong::toString);
            assertEquals("confirmation_failed", wrong.string("reason"));
        }
        // the account is now throttled: for the password change and for login alike
        Reply throttled = api.post("/api/user/password", ann.token(), body("current", Api.PASSWORD, "new", NEW_PASSWORD));
        assertEquals(429, throttled.status(), throttled::toString);
        assertEquals(401, api.login(ann.email(), Api.PASSWORD).status());
        List<Map<String, Object>> failed = api.get("/api/user/audit-events?action=login.failed", ann.token()).items();
        assertEquals(ThrottledLogins.FAILURES_PER_ACCOUNT, failed.size(), failed::toString);
        assertTrue(failed.stream().allMatch(e -> "via: confirmation".equals(e.get("details"))), failed::toString);
        assertTrue(actions(ann.token()).contains("login.throttled"));
        expect(200, api.get("/api/user", ann.token()));
    }

    @Test
    void aBadNewPasswordIsA400NamingTheField() {
        Api.Session ann = api.newUser();
        for (Object bad : List.of("short", "x".repeat(129), Api.PASSWORD)) {
            Reply r = api.post("/api/user/password", ann.token(), body("current", Api.PASSWORD, "new", bad));
            assertEquals(400, r.status(), r::toString);
            assertEquals("new", r.string("field"), r::toString);
        }
        Reply missing = api.post("/api/user/password", ann.token(), body("new", NEW_PASSWORD));
        assertEquals(400, missing.status(), missing::toString);
        Reply noNew = api.post("/api/user/password", ann.token(), body("current", Api.PASSWORD));
        assertEquals(400, noNew.status(), noNew::toString);
        expect(200, api.login(ann.email(), Api.PASSWORD));
    }
}
