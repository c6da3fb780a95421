package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forward-auth contract a reverse proxy relies on: 204 with who it is, or 401/403, never 404. */
@MicronautTest(transactional = false)
class ForwardAuthTest extends HttpTestBase {
    private static final String VERIFY = "/api/auth/verify";

    private Person ann;
    private String wsA;
    private String projectA;
    private String projectB;
    private Minted token;

    @BeforeAll
    void setUp() {
        ann = api.person();
        wsA = api.workspace(ann);
        String wsB = api.workspace(ann);
        projectA = api.project(ann, wsA);
        projectB = api.project(ann, wsB);
        token = fx.mint(ann, Map.of("name", "git", "workspace", wsA,
                "scopes", List.of("repositories:read", "projects:read", "user:read")));
    }

    private Reply verify(String query, String authorization) {
        return api.get(VERIFY + query, authorization);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidTokenWithoutAPermissionIsAuthenticatedAndNamed() {
        Reply r = verify("", token.bearer());
        assertEquals(204, r.status());
        assertEquals("user:" + ann.id(), r.headers().get("X-Latchkey-Subject"));
        assertEquals(token.id().toString(), r.headers().get("X-Latchkey-Token-Id"));
    }

    @Test
    void aPermissionHeldOnTheProjectIs204() {
        Reply r = verify("?permission=repositories:read&project=" + projectA, token.bearer());
        assertEquals(204, r.status());
        assertEquals(token.id().toString(), r.headers().get("X-Latchkey-Token-Id"));
    }

    @Test
    void gitSendsTheTokenAsTheBasicPassword() {
        assertEquals(204, verify("?permission=repositories:read&project=" + projectA, basic("git", token.secret())).status());
        assertEquals(204, verify("", basic("", token.secret())).status());
    }

    @Test
    void noCredentialsAre401WithABasicChallengeForGitAndABearerOneForApis() {
        Reply r = verify("?permission=repositories:read&project=" + projectA, null);
        assertEquals(401, r.status());
        List<String> challenges = r.headers().getAll("WWW-Authenticate");
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic realm=\"latchkey\"")), challenges.toString());
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Bearer")), challenges.toString());
    }

    @Test
    void aBadTokenIs401AndSaysWhy() {
        String unknown = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        Reply r = verify("", basic("git", unknown));
        assertEquals(401, r.status());
        assertTrue(r.headers().getAll("WWW-Authenticate").stream().anyMatch(c -> c.contains("invalid_token")));
        assertEquals("unknown", r.string("reason"));
    }

    @Test
    void aLoginSessionIsNotWhatAProxyAccepts() {
        assertEquals(401, verify("", ann.bearer()).status());
    }

    @Test
    void aPermissionOutsideTheTokensScopesIs403() {
        assertEquals(403, verify("?permission=repositories:write&project=" + projectA, token.bearer()).status());
    }

    @Test
    void aProjectOutsideTheTokensWorkspaceIs403NotNotFound() {
        // ann owns both workspaces, but the token is limited to the first
        assertEquals(403, verify("?permission=repositories:read&project=" + projectB, token.bearer()).status());
        assertEquals(403, verify("?permission=repositories:read&project=" + UUID.randomUUID(), token.bearer()).status());
        assertEquals(403, verify("?permission=repositories:read&project=" + projectA + "&workspace=nope-" + UUID.randomUUID()
                .toString().substring(0, 8), token.bearer()).status());
    }

    @Test
    void aCachedTokensAnswerCarriesEveryHeaderTheFirstAnswerDid() {
        // the first request reads the token from storage and is answered by the route; the next ones
        // come from the caches, answered before the security filter (HotPathFilter): same answer
        Minted expiring = fx.mint(ann, Map.of("name", "expiring", "workspace", wsA, "expiration", "30d",
                "scopes", List.of("repositories:read")));
        String query = "?permission=repositories:read&project=" + projectA;
        Reply first = verify(query, expiring.bearer());
        Reply cached = verify(query, expiring.bearer());
        assertEquals(204, first.status());
        assertEquals(204, cached.status());
        for (String header : List.of("X-Latchkey-Subject", "X-Latchkey-Token-Id", "X-Latchkey-Token-Expiration",
                "Cache-Control", "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                "Referrer-Policy")) {
            assertEquals(first.headers().get(header), cached.headers().get(header), header);
            assertTrue(cached.headers().get(header) != null, header);
        }
        assertTrue(cached.headers().get("X-Request-Id") != null);
        Reply denied = verify("?permission=repositories:write&project=" + projectA, expiring.bearer());
        assertEquals(403, denied.status());
        assertEquals(first.headers().get("X-Latchkey-Token-Expiration"), denied.headers().get("X-Latchkey-Token-Expiration"));
    }

    @Test
    void anUnknownPermissionOrAMissingResourceIs400() {
        assertEquals(400, verify("?permission=repositories:teleport&project=" + projectA, token.bearer()).status());
        assertEquals(400, verify("?permission=repositories:read", token.bearer()).status());
        assertEquals(400, verify("?permission=repositories:read&project=web", token.bearer()).status());
        assertEquals(400, verify("?permission=audit:read", token.bearer()).status());
    }

    @Test
    void workspaceAndUserPermissionsAreCheckedOnTheirOwnResource() {
        assertEquals(403, verify("?permission=audit:read&workspace=" + wsA, token.bearer()).status());
        Minted auditor = fx.mint(ann, Map.of("name", "audit", "workspace", wsA, "scopes", List.of("audit:read")));
        assertEquals(204, verify("?permission=audit:read&workspace=" + wsA, auditor.bearer()).status());
        assertEquals(204, verify("?permission=user:read", token.bearer()).status());
        assertEquals(403, verify("?permission=user:read", auditor.bearer()).status());
    }

    @Test
    void aMemberLosesAccessThroughTheEngineNotThroughTheProxy() {
        Person bob = api.person();
        assertEquals(201, api.post("/api/workspaces/" + wsA + "/members", Map.of("email", bob.email(), "role", "MEMBER",
                "projectRoles", Map.of(projectA, "TESTER")), ann.bearer()).status());
        Minted bobs = fx.mint(bob, List.of("repositories:read", "repositories:write"));
        assertEquals(204, verify("?permission=repositories:read&project=" + projectA, bobs.bearer()).status());
        // a TESTER does not write, whatever the token asked for
        assertEquals(403, verify("?permission=repositories:write&project=" + projectA, bobs.bearer()).status());
    }

    @Test
    void verifyingWritesNoAuditEvent() {
        int before = fx.myEvents(ann, "?limit=200").size();
        for (int i = 0; i < 20; i++) {
            assertEquals(204, api.call(HttpRequest.GET(VERIFY + "?permission=repositories:read&project=" + projectA)
                    .bearerAuth(token.secret())).status());
        }
        assertEquals(before, fx.myEvents(ann, "?limit=200").size());
    }

    /**
     * nginx's auth_request subrequest is a copy of git's request: its method (POST for a push), and
     * git's Accept and Content-Type. None of that may turn the answer into a 405, 406 or 415.
     */
    @Test
    void everyMethodAndAnyContentNegotiationGetTheSameAnswer() {
        String query = VERIFY + "?permission=repositories:read&project=" + projectA;
        List<MutableHttpRequest<?>> requests = List.of(
                HttpRequest.GET(query).accept("application/x-git-upload-pack-advertisement"),
                HttpRequest.POST(query, "0032want 0000000000000000000000000000000000000000\n")
                        .contentType("application/x-git-upload-pack-request")
                        .accept("application/x-git-upload-pack-result"),
                HttpRequest.POST(query, "").contentType("application/x-git-receive-pack-request")
                        .accept("application/x-git-receive-pack-result"),
                HttpRequest.PUT(query, "{}").contentType("application/json").accept("text/html"),
                HttpRequest.PATCH(query, "x").contentType("text/plain"),
                HttpRequest.DELETE(query).accept("application/xml"),
                HttpRequest.OPTIONS(query),
                HttpRequest.HEAD(query));
        for (MutableHttpRequest<?> request : requests) {
            String what = request.getMethodName() + " " + request.getHeaders().get("Accept");
            assertEquals(204, api.call(PatClient.withAuth(request, basic("git", token.secret()))).status(), what);
        }
        Reply denied = api.call(HttpRequest.POST(VERIFY + "?permission=repositories:write&project=" + projectA, "0000")
                .contentType("application/x-git-receive-pack-request").accept("application/x-git-receive-pack-result")
                .basicAuth("git", token.secret()));
        assertEquals(403, denied.status());
        Reply anonymous = api.call(HttpRequest.POST(query, "0000").contentType("application/x-git-upload-pack-request")
                .accept("application/x-git-upload-pack-result"));
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.headers().getAll("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Basic")));
    }
}
