package dev.latchkey.app.workspacetokens;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET|PUT /api/workspaces/{ws}/token-policy: who may read and change it, and what it accepts. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceTokenPolicyTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient http;

    private PatClient api;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    @BeforeAll
    void setUp() {
        api = new PatClient(http);
    }

    private static String policy(String ws) {
        return "/api/workspaces/" + ws + "/token-policy";
    }

    static Map<String, Object> policyBody(Integer maxDays, boolean requireExpiry, List<String> ranges, boolean allowPats) {
        Map<String, Object> m = new HashMap<>();
        m.put("maxLifetimeDays", maxDays);
        m.put("requireExpiry", requireExpiry);
        m.put("allowedIpRanges", ranges);
        m.put("allowPersonalTokens", allowPats);
        return m;
    }

    @Test
    void aWorkspaceWithoutAPolicyShowsTheUnrestrictedDefault() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        Reply r = api.get(policy(ws), owner.bearer());
        assertEquals(200, r.status());
        assertNull(r.body().get("maxLifetimeDays"));
        assertEquals(false, r.body().get("requireExpiry"));
        assertEquals(List.of(), r.body().get("allowedIpRanges"));
        assertEquals(true, r.body().get("allowPersonalTokens"));
    }

    @Test
    void anOwnerReplacesThePolicyAndMembersMayReadIt() {
        Person owner = api.person();
        Person member = api.person();
        String ws = api.workspace(owner);
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", member.email(), "role", "MEMBER"), owner.bearer());

        Reply put = api.put(policy(ws), policyBody(90, true, List.of("10.0.0.5/8", "2001:db8::/32"), false), owner.bearer());
        assertEquals(200, put.status());
        assertEquals(90, put.body().get("maxLifetimeDays"));
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), put.body().get("allowedIpRanges"));

        Reply read = api.get(policy(ws), member.bearer());
        assertEquals(200, read.status());
        assertEquals(true, read.body().get("requireExpiry"));
        assertEquals(false, read.body().get("allowPersonalTokens"));

        Reply memberPut = api.put(policy(ws), policyBody(null, false, List.of(), true), member.bearer());
        assertEquals(403, memberPut.status());
        assertEquals("tokens:manage", memberPut.string("missingPermission"));

        Reply log = api.get("/api/workspaces/" + ws + "/audit-events?action=policy.updated", owner.bearer());
        assertEquals(1, log.items().size(), "one change recorded, the refused one not: " + log.body());
        assertTrue(String.valueOf(log.items().get(0).get("details")).contains("maxLifetimeDays=90"));
    }

    @Test
    void anAdminMayNotChangeThePolicyAndAStrangerDoesNotSeeIt() {
        Person owner = api.person();
        Person admin = api.person();
        Person stranger = api.person();
        String ws = api.workspace(owner);
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", admin.email(), "role", "ADMIN"), owner.bearer());
        assertEquals(403, api.put(policy(ws), policyBody(30, false, null, true), admin.bearer()).status());
        assertEquals(404, api.get(policy(ws), stranger.bearer()).status());
        assertEquals(404, api.put(policy(ws), policyBody(30, false, null, true), stranger.bearer()).status());
    }

    @Test
    void invalidPoliciesAreRefusedAndNothingChanges() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        assertEquals(400, api.put(policy(ws), policyBody(0, false, null, true), owner.bearer()).status());
        assertEquals(400, api.put(policy(ws), policyBody(3651, false, null, true), owner.bearer()).status());
        assertEquals(400, api.put(policy(ws), policyBody(null, false, List.of("example.com"), true), owner.bearer()).status());
        assertNull(api.get(policy(ws), owner.bearer()).body().get("updatedAt"));
    }

    @Test
    void changingThePolicyWithAStaleSessionNeedsThePassword() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        // a session older than the sudo window is simulated by the confirmation header being wrong
        Reply wrong = api.put(policy(ws), policyBody(30, false, null, true), owner.bearer(),
                r -> r.header("X-Confirm-Password", "not my password"));
        assertEquals(403, wrong.status());
        assertEquals("confirmation_failed", wrong.string("reason"));
        Reply right = api.put(policy(ws), policyBody(30, false, null, true), owner.bearer(),
                r -> r.header("X-Confirm-Password", PatClient.PASSWORD));
        assertEquals(200, right.status());
    }
}
