package dev.latchkey.app.pat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.app.security.LastUseFlusher;
import dev.latchkey.testkit.TestDatabase;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

// not transactional: requests run on server threads and must see what the test wrote
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonalAccessTokensTest implements TestPropertyProvider {
    private static final String TOKENS = "/api/user/personal-access-tokens";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;

    @Inject
    LastUseFlusher flusher;


    private PatClient api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> secretsSeen = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    @BeforeAll
    void setUp() {
        api = new PatClient(http);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterAll
    void noSecretEverReachedTheLog() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            for (String secret : secretsSeen) {
                assertFalse(line.contains(secret), "a token reached the log: " + event.getLoggerName());
            }
        }
    }


    private Reply create(Person person, Map<String, Object> body) {
        Reply r = api.createToken(person, body);
        if (r.status() == 201) {
            secretsSeen.add(r.string("token"));
        }
        return r;
    }

    private Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "ci");
        m.put("scopes", List.of("projects:read", "user:read"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void aCreatedTokenIsShownOnceAndWorksAsBearerAndAsBasicPassword() {
        Person ann = api.person();
        String ws = api.workspace(ann);
        Reply created = create(ann, body("note", "deploys", "expiration", "7d", "workspace", ws));
        assertEquals(201, created.status());
        String token = created.string("token");
        assertTrue(token.matches("lkp_[0-9A-Za-z]{49}"));
        assertEquals(token.substring(token.length() - 4), created.string("hint"));
        assertEquals("personal", created.string("kind"));
        assertEquals("active", created.string("status"));
        assertEquals(true, created.body().get("active"));
        assertTrue(created.body().containsKey("lastUsedAt") && created.body().get("lastUsedAt") == null);
        Instant expires = Instant.parse(created.string("expiresAt"));
        assertTrue(expires.isAfter(Instant.now().plus(6, ChronoUnit.DAYS)) && expires.isBefore(Instant.now().plus(8, ChronoUnit.DAYS)));

        assertEquals(200, api.get("/api/workspaces/" + ws + "/projects", bearer(token)).status());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("git:" + token).getBytes(StandardCharsets.UTF_8));
        assertEquals(ann.email(), api.get("/api/user", basic).string("email"));

        String id = created.string("id");
        Reply got = api.get(TOKENS + "/" + id, ann.bearer());
        assertEquals(200, got.status());
        assertFalse(got.body().containsKey("token"));
        assertFalse(got.body().toString().contains(token));
        Reply list = api.get(TOKENS, ann.bearer());
        assertFalse(list.body().toString().contains(token));
        assertTrue(list.items().stream().anyMatch(t -> id.equals(t.get("id"))));
    }

    @Test
    void theDatabaseHoldsOnlyAHashOfTheToken() throws Exception {
        Person ann = api.person();
        Reply created = create(ann, body());
        String token = created.string("token");
        StoredTokens.assertOnlyTheHashIsStored(dataSource, "personal_tokens", created.string("id"), token);
    }

    @Test
    void aTokenCannotManagePersonalTokens() {
        Person ann = api.person();
        String token = create(ann, body("scopes", List.of("owner", "user:read"))).string("token");
        Reply r = api.post(TOKENS, body(), bearer(token));
        assertEquals(403, r.status());
        assertEquals("session_required", r.string("reason"));
        assertEquals(403, api.get(TOKENS, bearer(token)).status());
    }

    @Test
    void refusedTokensAnswer401WithTheReasonAndABearerChallenge() throws Exception {
        Person ann = api.person();
        String token = create(ann, body()).string("token");

        String malformed = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        Reply r = api.get("/api/user", bearer(malformed));
        assertEquals(401, r.status());
        assertEquals("malformed", r.string("reason"));
        assertTrue(r.headers().get("WWW-Authenticate").contains("error=\"invalid_token\""));
        assertEquals("application/problem+json", r.headers().get("Content-Type"));

        String unknown = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        assertEquals("unknown", api.get("/api/user", bearer(unknown)).string("reason"));

        Reply expiring = create(ann, body());
        try (Connection c = StoredTokens.raw(dataSource).getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE personal_tokens SET expires_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)));
            s.setString(2, expiring.string("id"));
            assertEquals(1, s.executeUpdate());
        }
        Reply expired = api.get("/api/user", bearer(expiring.string("token")));
        assertEquals(401, expired.status());
        assertEquals("expired", expired.string("reason"));
        assertEquals("expired", api.get(TOKENS + "/" + expiring.string("id"), ann.bearer()).string("status"));
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndKeptWithItsRevocationTime() {
        Person ann = api.person();
        Reply created = create(ann, body());
        String token = created.string("token");
        assertEquals(200, api.get("/api/user", bearer(token)).status());
        assertEquals(204, api.delete(TOKENS + "/" + created.string("id"), ann.bearer()).status());
        Reply refused = api.get("/api/user", bearer(token));
        assertEquals(401, refused.status());
        assertEquals("revoked", refused.string("reason"));
        Reply kept = api.get(TOKENS + "/" + created.string("id"), ann.bearer());
        assertEquals("revoked", kept.string("status"));
        assertNotNull(kept.string("revokedAt"));
        assertEquals(409, api.post(TOKENS + "/" + created.string("id") + "/regenerate", Map.of(), ann.bearer()).status());
    }

    @Test
    void regeneratingKeepsIdAndScopesAndKillsTheOldSecretAtOnce() {
        Person ann = api.person();
        Reply created = create(ann, body());
        String old = created.string("token");
        assertEquals(200, api.get("/api/user", bearer(old)).status());
        Reply regenerated = api.post(TOKENS + "/" + created.string("id") + "/regenerate", Map.of("expiration", "90d"), ann.bearer());
        assertEquals(200, regenerated.status());
        secretsSeen.add(regenerated.string("token"));
        assertEquals(created.string("id"), regenerated.string("id"));
        assertEquals(created.body().get("scopes"), regenerated.body().get("scopes"));
        assertNotEquals(old, regenerated.string("token"));
        assertTrue(Instant.parse(regenerated.string("expiresAt")).isAfter(Instant.now().plus(89, ChronoUnit.DAYS)));
        assertEquals(401, api.get("/api/user", bearer(old)).status());
        assertEquals(200, api.get("/api/user", bearer(regenerated.string("token"))).status());
    }

    @Test
    void copyingMakesANewTokenWithTheSameSettings() {
        Person ann = api.person();
        String ws = api.workspace(ann);
        Reply created = create(ann, body("workspace", ws, "ipRestrictions", List.of("127.0.0.1", "::1"), "note", "n"));
        Reply copy = api.post(TOKENS + "/" + created.string("id") + "/copy", Map.of(), ann.bearer());
        assertEquals(201, copy.status());
        secretsSeen.add(copy.string("token"));
        assertNotEquals(created.string("id"), copy.string("id"));
        assertEquals("ci (copy)", copy.string("name"));
        for (String field : List.of("scopes", "workspace", "ipRestrictions", "note")) {
            assertEquals(created.body().get(field), copy.body().get(field), field);
        }
        assertEquals(200, api.get("/api/user", bearer(copy.string("token"))).status());
        assertEquals(200, api.get("/api/user", bearer(created.string("token"))).status());
    }

    @Test
    void updatingChangesNameNoteAndIpRestrictionsOnly() {
        Person ann = api.person();
        Reply created = create(ann, body("note", "old"));
        Reply updated = api.patch(TOKENS + "/" + created.string("id"),
                Map.of("name", "renamed", "note", "", "ipRestrictions", List.of("10.0.0.0/8")), ann.bearer());
        assertEquals(200, updated.status());
        assertEquals("renamed", updated.string("name"));
        assertNull(updated.body().get("note"));
        assertEquals(List.of("10.0.0.0/8"), updated.body().get("ipRestrictions"));
        assertEquals(created.body().get("scopes"), updated.body().get("scopes"));
        // the client (127.0.0.1) is now outside the token's restrictions
        Reply refused = api.get("/api/user", bearer(created.string("token")));
        assertEquals(403, refused.status());
        assertEquals("ip_not_allowed", refused.string("reason"));
    }

    @Test
    void revokingManyRevokesOnlyTheCallersOwnTokens() {
        Person ann = api.person();
        Person bob = api.person();
        Reply a1 = create(ann, body());
        Reply a2 = create(ann, body());
        Reply b1 = create(bob, body());
        Reply r = api.post(TOKENS + "/revoke", Map.of("ids", List.of(a1.string("id"), a2.string("id"), b1.string("id"), "nonsense")),
                ann.bearer());
        assertEquals(200, r.status());
        assertEquals(List.of(a1.string("id"), a2.string("id")), r.body().get("revoked"));
        assertEquals(List.of("nonsense", b1.string("id")), r.body().get("notFound"));
        assertEquals(401, api.get("/api/user", bearer(a2.string("token"))).status());
        assertEquals(200, api.get("/api/user", bearer(b1.string("token"))).status());
        assertEquals(400, api.post(TOKENS + "/revoke", Map.of("ids", List.of()), ann.bearer()).status());
    }

    @Test
    void listsFilterByStateAndPage() {
        Person ann = api.person();
        Reply live = create(ann, body());
        Reply dead = create(ann, body());
        create(ann, body());
        api.delete(TOKENS + "/" + dead.string("id"), ann.bearer());
        List<Object> active = api.get(TOKENS + "?state=active", ann.bearer()).items().stream().map(t -> t.get("id")).toList();
        List<Object> revoked = api.get(TOKENS + "?state=revoked", ann.bearer()).items().stream().map(t -> t.get("id")).toList();
        assertTrue(active.contains(live.string("id")) && !active.contains(dead.string("id")));
        assertEquals(List.of(dead.string("id")), revoked);
        assertEquals(List.of(), api.get(TOKENS + "?state=expired", ann.bearer()).items());
        assertEquals(400, api.get(TOKENS + "?state=sleeping", ann.bearer()).status());

        Reply first = api.get(TOKENS + "?limit=2", ann.bearer());
        assertEquals(2, first.items().size());
        Reply second = api.get(TOKENS + "?limit=2&cursor=" + first.string("nextCursor"), ann.bearer());
        assertEquals(1, second.items().size());
        assertNull(second.body().get("nextCursor"));
    }

    @Test
    void anotherUsersTokenIsNotFoundForEveryOperation() {
        Person ann = api.person();
        Person mallory = api.person();
        String id = create(ann, body()).string("id");
        String path = TOKENS + "/" + id;
        assertEquals(404, api.get(path, mallory.bearer()).status());
        assertEquals(404, api.patch(path, Map.of("name", "mine"), mallory.bearer()).status());
        assertEquals(404, api.delete(path, mallory.bearer()).status());
        assertEquals(404, api.post(path + "/regenerate", Map.of(), mallory.bearer()).status());
        assertEquals(404, api.post(path + "/copy", Map.of(), mallory.bearer()).status());
        assertTrue(api.get(TOKENS, mallory.bearer()).items().isEmpty());
        assertEquals("active", api.get(path, ann.bearer()).string("status"));
    }

    @Test
    void badSettingsAreRefusedWith400AndNothingIsWritten() {
        Person ann = api.person();
        List<Map<String, Object>> bad = List.of(
                body("scopes", List.of()),
                body("scopes", List.of("projects:fly")),
                body("name", ""),
                body("name", "x".repeat(101)),
                body("expiration", "5d"),
                body("expiration", "7d", "expiresAt", Instant.now().plus(3, ChronoUnit.DAYS).toString()),
                body("expiresAt", Instant.now().minus(1, ChronoUnit.DAYS).toString()),
                body("ipRestrictions", List.of("10.0.0.0/33")),
                body("ipRestrictions", List.of("example.com")),
                body("workspace", "no-such-workspace"));
        for (Map<String, Object> b : bad) {
            Reply r = create(ann, b);
            assertEquals(400, r.status(), b::toString);
            assertEquals("application/problem+json", r.headers().get("Content-Type"));
            assertNotNull(r.string("detail"));
        }
        assertTrue(api.get(TOKENS, ann.bearer()).items().isEmpty());
    }

    @Test
    void aStaleLoginNeedsThePasswordToMintOrRevoke() throws Exception {
        Person ann = api.person();
        String stale = "Bearer " + PatClient.jwtIssuedAt(ann, Instant.now().minus(1, ChronoUnit.HOURS));
        assertEquals(200, api.get(TOKENS, stale).status());
        Reply refused = api.post(TOKENS, body(), stale);
        assertEquals(403, refused.status());
        assertEquals("confirmation_required", refused.string("reason"));
        Reply wrong = api.post(TOKENS, body(), stale, r -> r.header("X-Confirm-Password", "not my password"));
        assertEquals(403, wrong.status());
        assertEquals("confirmation_failed", wrong.string("reason"));
        Reply confirmed = api.post(TOKENS, body(), stale, r -> r.header("X-Confirm-Password", PatClient.PASSWORD));
        assertEquals(201, confirmed.status());
        secretsSeen.add(confirmed.string("token"));
        assertEquals(403, api.delete(TOKENS + "/" + confirmed.string("id"), stale).status());
        assertEquals(403, api.post(TOKENS + "/" + confirmed.string("id") + "/regenerate", Map.of(), stale).status());
        assertEquals(200, api.patch(TOKENS + "/" + confirmed.string("id"), Map.of("name", "renaming needs no sudo"), stale).status());
    }

    @Test
    void aTokenNeverDoesMoreThanItsUserMayDoNow() {
        Person owner = api.person();
        Person tess = api.person();
        String ws = api.workspace(owner);
        String project = api.project(owner, ws);
        api.post("/api/workspaces/" + ws + "/members",
                Map.of("email", tess.email(), "role", "MEMBER", "projectRoles", Map.of(project, "TESTER")), owner.bearer());
        String token = create(tess, body("scopes", List.of("owner"))).string("token");

        Reply patch = api.patch("/api/workspaces/" + ws + "/projects/" + project, Map.of("name", "mine now"), bearer(token));
        assertEquals(403, patch.status());
        assertEquals("subject_lacks_right", patch.string("reason"));
        assertEquals("project:manage", patch.string("missingPermission"));
        assertEquals(200, api.get("/api/workspaces/" + ws + "/projects/" + project, bearer(token)).status());

        // losing the membership takes the token's access with it, at once on this node
        assertEquals(204, api.delete("/api/workspaces/" + ws + "/members/" + tess.id(), owner.bearer()).status());
        assertEquals(404, api.get("/api/workspaces/" + ws + "/projects/" + project, bearer(token)).status());
    }

    @Test
    void aTokenLimitedToOneWorkspaceReachesNothingElse() {
        Person ann = api.person();
        String home = api.workspace(ann);
        String other = api.workspace(ann);
        String otherProject = api.project(ann, other);
        String token = create(ann, body("workspace", home, "scopes", List.of("owner"))).string("token");
        assertEquals(200, api.get("/api/workspaces/" + home, bearer(token)).status());
        assertEquals(404, api.get("/api/workspaces/" + other, bearer(token)).status());
        assertEquals(404, api.get("/api/workspaces/" + other + "/projects/" + otherProject, bearer(token)).status());
        Reply check = api.post("/api/authz/check", Map.of("permission", "projects:read", "project", otherProject), bearer(token));
        assertEquals("no_access", check.string("reason"));
    }

    @Test
    void scopesAreACeilingTheUserMayAskBeyondWhatItHolds() {
        Person ann = api.person();
        String ws = api.workspace(ann);
        String project = api.project(ann, ws);
        String token = create(ann, body("scopes", List.of("pipelines:run"))).string("token");
        Reply run = api.post("/api/authz/check", Map.of("permission", "pipelines:read", "project", project), bearer(token));
        assertEquals(true, run.body().get("allowed"));
        Reply deploy = api.post("/api/authz/check", Map.of("permission", "releases:deploy", "project", project), bearer(token));
        assertEquals("outside_token_scope", deploy.string("reason"));
    }

    @Test
    void lastUseIsKeptInMemoryAndWrittenByTheFlush() {
        Person ann = api.person();
        Reply created = create(ann, body());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("/api/user", bearer(created.string("token"))).status());
        }
        assertNull(api.get(TOKENS + "/" + created.string("id"), ann.bearer()).body().get("lastUsedAt"));
        flusher.flush();
        Reply after = api.get(TOKENS + "/" + created.string("id"), ann.bearer());
        assertNotNull(after.string("lastUsedAt"));
        assertTrue(List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1").contains(after.string("lastUsedIp")), after.string("lastUsedIp"));
    }

    @Test
    void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() {
        Person ann = api.person();
        String token = create(ann, body("ipRestrictions", List.of("203.0.113.0/24"))).string("token");
        Reply r = api.call(HttpRequest.GET("/api/user").bearerAuth(token).header("X-Forwarded-For", "203.0.113.7"));
        assertEquals(403, r.status());
    }

    @Test
    void theQueryParameterIsIgnoredUnlessSwitchedOn() {
        Person ann = api.person();
        String token = create(ann, body()).string("token");
        assertEquals(401, api.call(HttpRequest.GET("/api/user?access_token=" + token)).status());
        // its alias, CirrusGrid's ?session=, is under the same switch
        assertEquals(401, api.call(HttpRequest.GET("/api/user?session=" + token)).status());
    }
}
