package dev.latchkey.app.workspacetokens;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpRequest;
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

/**
 * A workspace's allowed IP ranges bind every token acting in it, at each use. The client address
 * comes from X-Forwarded-For because the test client (127.0.0.1) is configured as a trusted proxy.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceTokenIpPolicyTest implements TestPropertyProvider {
    private static final String INSIDE = "10.20.30.40";
    private static final String OUTSIDE = "192.0.2.10";

    @Inject
    @Client("/")
    HttpClient http;

    private PatClient api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        return p;
    }

    @BeforeAll
    void setUp() {
        api = new PatClient(http);
    }

    private Reply getFrom(String ip, String path, String token) {
        return api.call(HttpRequest.GET(path).bearerAuth(token).header("X-Forwarded-For", ip));
    }

    @Test
    void tokensOfEveryKindMustComeFromTheAllowedRangesAsSoonAsThePolicySaysSo() {
        Person owner = api.person();
        String ws = api.workspace(owner);
        String other = api.workspace(owner);
        String projectId = api.project(owner, ws);
        String otherProject = api.project(owner, other);
        String project = "/api/workspaces/" + ws + "/projects/" + projectId;
        String workspaceToken = api.post(WorkspaceTokensTest.tokens(ws),
                WorkspaceTokensTest.tokenBody(Map.of("allProjects", "TESTER")), owner.bearer()).string("token");
        String pat = api.createToken(owner, Map.of("name", "ci", "scopes", List.of("projects:read"))).string("token");
        assertEquals(200, getFrom(OUTSIDE, project, workspaceToken).status());
        assertEquals(200, getFrom(OUTSIDE, project, pat).status());

        Reply put = api.put("/api/workspaces/" + ws + "/token-policy",
                WorkspaceTokenPolicyTest.policyBody(null, false, List.of("10.0.0.0/8"), true), owner.bearer());
        assertEquals(200, put.status());

        assertEquals(200, getFrom(INSIDE, project, workspaceToken).status());
        Reply refused = getFrom(OUTSIDE, project, workspaceToken);
        assertEquals(403, refused.status());
        assertEquals("policy_denied", refused.string("reason"));

        assertEquals(200, getFrom(INSIDE, project, pat).status());
        // from outside, the PAT does not see the workspace at all, and still works in the other one
        assertEquals(404, getFrom(OUTSIDE, project, pat).status());
        assertEquals(200, getFrom(OUTSIDE, "/api/workspaces/" + other + "/projects/" + otherProject, pat).status());

        // the owner's session is not a token: the policy does not lock the owner out of fixing it
        assertEquals(200, getFrom(OUTSIDE, "/api/workspaces/" + ws + "/token-policy", owner.jwt()).status());
        api.put("/api/workspaces/" + ws + "/token-policy", WorkspaceTokenPolicyTest.policyBody(null, false, null, true),
                owner.bearer());
        assertEquals(200, getFrom(OUTSIDE, project, workspaceToken).status());
    }
}
