package dev.latchkey.app.tokens;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.app.security.LastUseFlusher;
import dev.latchkey.app.support.CountedStatements;
import dev.latchkey.app.tokens.TokenKindFixture.Owner;
import dev.latchkey.testkit.StatementCounter.Executed;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token lifecycle contract, run once per kind (as OpenFGA runs one storage suite for every
 * backend): every operation, every refusal at use, the workspace policy at use, new-address
 * events, confirmation and audit behave the same for personal, workspace and service tokens. A
 * kind contributes only its {@link TokenKindFixture}; there is no per-kind copy of these tests.
 *
 * <p>The context trusts loopback as a proxy (so {@code X-Forwarded-For} sets the client address),
 * caches nothing (rows changed behind the app's back are seen at once, and a look-up a request
 * makes is never hidden by a warm cache), flushes last uses only when a test asks and counts the
 * SQL statements each request runs ({@link CountedStatements}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenLifecycleContractTest implements TestPropertyProvider {
    private static final String INSIDE = "203.0.113.7";
    private static final String OUTSIDE = "198.51.100.9";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;

    @Inject
    LastUseFlusher flusher;

    @Inject
    CountedStatements counted;

    PatClient api;
    DataSource pool;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        p.put("latchkey.tokens.cache-ttl", "0s");
        p.put("latchkey.tokens.last-used-flush", "1h");
        p.put("latchkey.test.count-statements", "true");
        return p;
    }

    @BeforeAll
    void setUpClient() {
        api = new PatClient(http);
        // the pool itself: the injected DataSource only lends the connection of a surrounding transaction
        pool = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    static Stream<TokenKindFixture> kinds() {
        return Stream.of(TokenKindFixture.PERSONAL, TokenKindFixture.WORKSPACE, TokenKindFixture.SERVICE);
    }

    /** The kinds that act as a user, whose status can change; a workspace token acts as its workspace. */
    static Stream<TokenKindFixture> kindsActingAsAUser() {
        return Stream.of(TokenKindFixture.PERSONAL, TokenKindFixture.SERVICE);
    }

    // ---- helpers ----

    /** Uses the token from {@code ip}: a check the kind's grant allows. */
    private Reply use(Owner o, String token, String ip) {
        MutableHttpRequest<?> request = HttpRequest.POST("/api/authz/check",
                Map.of("permission", "projects:read", "project", o.projectId())).bearerAuth(token);
        return api.call(request.header("X-Forwarded-For", ip));
    }

    private Reply use(Owner o, String token) {
        return use(o, token, INSIDE);
    }

    private static void assertWorks(Reply r) {
        assertEquals(200, r.status(), r::toString);
        assertEquals(true, r.body().get("allowed"), r::toString);
    }

    private static void assertRefused(int status, String reason, Reply r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(reason, r.string("reason"), r::toString);
    }

    private Reply create(TokenKindFixture kind, Owner o, Object... common) {
        Reply created = api.post(o.tokens(), kind.body(o, common), o.admin().bearer());
        assertEquals(201, created.status(), created::toString);
        return created;
    }

    private String path(Owner o, String id) {
        return o.tokens() + "/" + id;
    }

    private static List<Object> ids(Reply list) {
        return list.items().stream().map(t -> t.get("id")).toList();
    }

    /** Token id -> effectiveState, from the owner's list. */
    private Map<Object, Object> effectiveStates(Owner o) {
        Map<Object, Object> states = new HashMap<>();
        api.get(o.tokens(), o.admin().bearer()).items().forEach(t -> states.put(t.get("id"), t.get("effectiveState")));
        return states;
    }

    private static Instant expiresAt(Reply r) {
        return Instant.parse(r.string("expiresAt"));
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().getSeconds() < 120, expected + " vs " + actual);
    }

    private void setPolicy(Owner o, Integer maxDays, boolean requireExpiry, List<String> ranges) {
        setPolicy(o, maxDays, requireExpiry, ranges, false);
    }

    private void setPolicy(Owner o, Integer maxDays, boolean requireExpiry, List<String> ranges, boolean requireApproval) {
        Map<String, Object> policy = new HashMap<>();
        policy.put("requireApprovalForPersonalTokens", requireApproval);
        policy.put("maxLifetimeDays", maxDays);
        policy.put("requireExpiry", requireExpiry);
        policy.put("allowedIpRanges", ranges);
        policy.put("allowPersonalTokens", true);
        assertEquals(200, api.put("/api/workspaces/" + o.ws() + "/token-policy", policy, o.admin().bearer()).status());
    }

    /** Moves a token's expiry into the past behind the app's back, as time would. */
    private void expire(TokenKindFixture kind, String id) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + kind.table()
                     + " SET expires_at = ?, issued_at = ? WHERE id = ?")) {
            Instant past = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            s.setTimestamp(1, Timestamp.from(past));
            s.setTimestamp(2, Timestamp.from(past.minus(7, ChronoUnit.DAYS)));
            s.setString(3, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    private List<Map<String, Object>> events(Owner o, String action, String tokenId) {
        Reply log = api.get("/api/workspaces/" + o.ws() + "/audit-events?action=" + action, o.admin().bearer());
        assertEquals(200, log.status(), log::toString);
        return log.items().stream().filter(e -> e.get("target") instanceof Map<?, ?> t && tokenId.equals(t.get("id")))
                .toList();
    }

    private String stale(Owner o) throws Exception {
        return "Bearer " + PatClient.jwtIssuedAt(o.admin(), Instant.now().minus(1, ChronoUnit.HOURS));
    }

    // ---- the contract ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aCreatedTokenIsShownOnceWorksAndIsFoundByGetAndList(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o, "note", "for the contract", "expiration", "30d");
        String token = created.string("token");
        String id = created.string("id");
        assertTrue(token.startsWith(kind.prefix()), token);
        assertWorks(use(o, token));

        Reply got = api.get(path(o, id), o.admin().bearer());
        assertEquals(200, got.status());
        assertFalse(got.body().containsKey("token"), "the secret is shown once");
        assertEquals("for the contract", got.string("note"));
        assertAbout(Instant.now().plus(30, ChronoUnit.DAYS), expiresAt(got));
        assertTrue(ids(api.get(o.tokens(), o.admin().bearer())).contains(id));
        assertEquals(404, api.get(path(o, UUID.randomUUID().toString()), o.admin().bearer()).status());
        assertEquals(404, api.get(path(o, "not-an-id"), o.admin().bearer()).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyResponseToATokenThatExpiresAnnouncesTheExpiryAndANeverExpiringTokenAnnouncesNone(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o, "expiration", "30d");
        String token = created.string("token");
        String expected = expiresAt(created).truncatedTo(ChronoUnit.SECONDS).toString();

        Reply allowed = use(o, token);
        assertWorks(allowed);
        assertEquals(expected, allowed.headers().get("X-Latchkey-Token-Expiration"));
        // a refusal of the authenticated token (no right here) and a 404 carry it too
        Reply refused = api.get("/api/workspaces/" + o.ws() + "/members", "Bearer " + token);
        assertEquals(expected, refused.headers().get("X-Latchkey-Token-Expiration"), refused::toString);
        Reply missing = api.get("/api/no-such-route", "Bearer " + token);
        assertEquals(expected, missing.headers().get("X-Latchkey-Token-Expiration"), missing::toString);

        String forever = create(kind, o, "expiration", "never").string("token");
        Reply never = use(o, forever);
        assertWorks(never);
        assertNull(never.headers().get("X-Latchkey-Token-Expiration"));
        // a session is not a token: no header
        assertNull(api.get(o.tokens(), o.admin().bearer()).headers().get("X-Latchkey-Token-Expiration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void listsFilterByStateAndPage(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        String active = create(kind, o).string("id");
        String revoked = create(kind, o).string("id");
        String expired = create(kind, o).string("id");
        assertEquals(204, api.delete(path(o, revoked), o.admin().bearer()).status());
        expire(kind, expired);

        assertEquals(List.of(active), ids(api.get(o.tokens() + "?state=active", o.admin().bearer())));
        assertEquals(List.of(revoked), ids(api.get(o.tokens() + "?state=revoked", o.admin().bearer())));
        assertEquals(List.of(expired), ids(api.get(o.tokens() + "?state=expired", o.admin().bearer())));
        assertEquals(400, api.get(o.tokens() + "?state=sleeping", o.admin().bearer()).status());

        List<Object> walked = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = api.get(o.tokens() + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
                    o.admin().bearer());
            assertEquals(1, page.items().size());
            walked.addAll(ids(page));
            cursor = page.string("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(active, revoked, expired), walked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anUpdateChangesNameNoteAndAddressesAndTheyApplyAtOnce(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        String id = created.string("id");
        Reply updated = api.patch(path(o, id), Map.of("name", "renamed", "note", "new note",
                "ipRestrictions", List.of("203.0.113.0/24")), o.admin().bearer());
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("renamed", updated.string("name"));
        assertEquals("new note", updated.string("note"));
        assertEquals(List.of("203.0.113.0/24"), updated.body().get("ipRestrictions"));
        assertWorks(use(o, created.string("token"), INSIDE));
        assertRefused(403, "ip_not_allowed", use(o, created.string("token"), OUTSIDE));
        assertEquals(400, api.patch(path(o, id), Map.of("name", ""), o.admin().bearer()).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void regenerateKeepsIdGrantAndLifetimeAndKillsTheOldSecret(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o, "expiration", "7d");
        String id = created.string("id");

        Reply regenerated = api.post(path(o, id) + "/regenerate", Map.of(), o.admin().bearer());
        assertEquals(200, regenerated.status(), regenerated::toString);
        assertEquals(id, regenerated.string("id"));
        assertNotEquals(created.string("token"), regenerated.string("token"));
        assertAbout(Instant.now().plus(7, ChronoUnit.DAYS), expiresAt(regenerated));
        assertEquals(401, use(o, created.string("token")).status());
        assertWorks(use(o, regenerated.string("token")));

        Reply longer = api.post(path(o, id) + "/regenerate", Map.of("expiration", "60d"), o.admin().bearer());
        assertAbout(Instant.now().plus(60, ChronoUnit.DAYS), expiresAt(longer));
        Reply never = api.post(path(o, id) + "/regenerate", Map.of("expiration", "never"), o.admin().bearer());
        assertNull(never.body().get("expiresAt"));
        assertNull(api.post(path(o, id) + "/regenerate", Map.of(), o.admin().bearer()).body().get("expiresAt"),
                "a token that never expired keeps never expiring");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void copyMintsANewTokenWithTheSameGrantAddressesAndLifetime(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply source = create(kind, o, "expiration", "7d", "ipRestrictions", List.of("203.0.113.0/24"));
        Reply copy = api.post(path(o, source.string("id")) + "/copy", Map.of(), o.admin().bearer());
        assertEquals(201, copy.status(), copy::toString);
        assertNotEquals(source.string("id"), copy.string("id"));
        assertEquals("contract (copy)", copy.string("name"));
        assertEquals(List.of("203.0.113.0/24"), copy.body().get("ipRestrictions"));
        assertAbout(Instant.now().plus(7, ChronoUnit.DAYS), expiresAt(copy));
        assertWorks(use(o, copy.string("token"), INSIDE));
        assertRefused(403, "ip_not_allowed", use(o, copy.string("token"), OUTSIDE));
        assertWorks(use(o, source.string("token"), INSIDE));

        Reply named = api.post(path(o, source.string("id")) + "/copy", Map.of("name", "twin", "expiration", "90d"),
                o.admin().bearer());
        assertEquals("twin", named.string("name"));
        assertAbout(Instant.now().plus(90, ChronoUnit.DAYS), expiresAt(named));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void revokeOneAndManyStopTheTokensAtOnceAndTwiceChangesNothing(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply one = create(kind, o);
        assertEquals(204, api.delete(path(o, one.string("id")), o.admin().bearer()).status());
        assertRefused(401, "revoked", use(o, one.string("token")));
        assertEquals(204, api.delete(path(o, one.string("id")), o.admin().bearer()).status());
        assertEquals(409, api.post(path(o, one.string("id")) + "/regenerate", Map.of(), o.admin().bearer()).status());

        Reply a = create(kind, o);
        Reply b = create(kind, o);
        Owner other = kind.arrange(api);
        String foreign = create(kind, other).string("id");
        Reply bulk = api.post(o.tokens() + "/revoke", Map.of("ids", List.of(a.string("id"), b.string("id"), foreign,
                "nonsense")), o.admin().bearer());
        assertEquals(200, bulk.status(), bulk::toString);
        assertEquals(List.of(a.string("id"), b.string("id")), bulk.body().get("revoked"));
        assertEquals(List.of("nonsense", foreign), bulk.body().get("notFound"));
        assertRefused(401, "revoked", use(o, a.string("token")));
        assertRefused(401, "revoked", use(o, b.string("token")));
        assertEquals(List.of(), ids(api.get(other.tokens() + "?state=revoked", other.admin().bearer())));
        assertEquals(400, api.post(o.tokens() + "/revoke", Map.of("ids", List.of()), o.admin().bearer()).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyRefusalAtUseNamesItsReason(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        Reply malformed = use(o, kind.prefix() + "tooshort");
        assertRefused(401, "malformed", malformed);
        assertTrue(malformed.headers().get("WWW-Authenticate").contains("invalid_token"));

        Reply regenerated = create(kind, o);
        String old = regenerated.string("token");
        api.post(path(o, regenerated.string("id")) + "/regenerate", Map.of(), o.admin().bearer());
        assertRefused(401, "unknown", use(o, old));

        Reply expired = create(kind, o);
        expire(kind, expired.string("id"));
        assertRefused(401, "expired", use(o, expired.string("token")));

        Reply revoked = create(kind, o);
        api.delete(path(o, revoked.string("id")), o.admin().bearer());
        assertRefused(401, "revoked", use(o, revoked.string("token")));

        Reply restricted = create(kind, o, "ipRestrictions", List.of("203.0.113.0/24"));
        assertRefused(403, "ip_not_allowed", use(o, restricted.string("token"), OUTSIDE));

        Reply fine = create(kind, o);
        setPolicy(o, null, false, List.of("203.0.113.0/24"));
        assertRefused(403, "policy_denied", use(o, fine.string("token"), OUTSIDE));
        assertWorks(use(o, fine.string("token"), INSIDE));
    }

    /** Sets a user's status behind the app's back (nothing is cached in this context). */
    private void setStatus(String userId, String status) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE users SET status = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, userId);
            assertEquals(1, s.executeUpdate());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsActingAsAUser")
    void aTokenWhoseSubjectIsSuspendedIsRefusedAsSubjectInactiveUntilItIsActiveAgain(TokenKindFixture kind)
            throws Exception {
        Owner o = kind.arrange(api);
        String subject = kind.subjectUserId(o);
        String token = create(kind, o).string("token");
        assertWorks(use(o, token));
        setStatus(subject, "SUSPENDED");
        try {
            assertRefused(401, "subject_inactive", use(o, token));
        } finally {
            setStatus(subject, "ACTIVE");
        }
        assertWorks(use(o, token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTightenedPolicyBindsExistingTokensAtTheirNextUse(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply neverCreated = create(kind, o, "expiration", "never");
        Reply ninetyCreated = create(kind, o, "expiration", "90d");
        Reply sevenCreated = create(kind, o, "expiration", "7d");
        String never = neverCreated.string("token");
        String ninety = ninetyCreated.string("token");
        String seven = sevenCreated.string("token");
        assertEquals("active", sevenCreated.string("effectiveState"));

        setPolicy(o, null, true, List.of());
        assertRefused(403, "policy_denied", use(o, never));
        assertWorks(use(o, ninety));

        setPolicy(o, 30, false, List.of());
        assertRefused(403, "policy_denied", use(o, never));
        assertRefused(403, "policy_denied", use(o, ninety));
        assertWorks(use(o, seven));
        // the list says so before anyone tries: the state a use would meet, with its reason code
        assertEquals(Map.of(neverCreated.string("id"), "policy_denied", ninetyCreated.string("id"), "policy_denied",
                sevenCreated.string("id"), "active"), effectiveStates(o));
        assertEquals("policy_denied", api.get(path(o, ninetyCreated.string("id")), o.admin().bearer()).string("effectiveState"));

        setPolicy(o, null, false, List.of("203.0.113.0/24"));
        assertWorks(use(o, never, INSIDE));
        assertRefused(403, "policy_denied", use(o, seven, OUTSIDE));
        assertEquals("active", effectiveStates(o).get(sevenCreated.string("id")), "an address range depends on the request");

        setPolicy(o, null, false, List.of());
        assertWorks(use(o, never, OUTSIDE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void thePolicyBindsEverySecretIssuedCreateRegenerateAndCopy(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        String id = create(kind, o, "expiration", "7d").string("id");
        setPolicy(o, 30, true, List.of());
        Reply tooLong = api.post(o.tokens(), kind.body(o, "expiration", "90d"), o.admin().bearer());
        assertEquals(400, tooLong.status());
        assertEquals("maxLifetimeDays", tooLong.string("rule"));
        Reply never = api.post(o.tokens(), kind.body(o, "expiration", "never"), o.admin().bearer());
        assertEquals(400, never.status());
        assertEquals("maxLifetimeDays", never.string("rule"));
        assertEquals(400, api.post(path(o, id) + "/regenerate", Map.of("expiration", "60d"), o.admin().bearer()).status());
        assertEquals(400, api.post(path(o, id) + "/copy", Map.of("expiration", "never"), o.admin().bearer()).status());
        assertEquals(200, api.post(path(o, id) + "/regenerate", Map.of(), o.admin().bearer()).status());
        assertEquals(201, api.post(path(o, id) + "/copy", Map.of(), o.admin().bearer()).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aUseFromANewAddressIsAuditedForEveryKind(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        String id = created.string("id");
        assertWorks(use(o, created.string("token"), INSIDE));
        flusher.flush();
        assertWorks(use(o, created.string("token"), INSIDE));
        flusher.flush();
        assertTrue(events(o, "token.used_from_new_ip", id).isEmpty(), "a first use and the same address are no news");
        Reply got = api.get(path(o, id), o.admin().bearer());
        assertEquals(INSIDE, got.string("lastUsedIp"));
        // the dashboard's "Last used" cell prints "from <ip>" from the list row, not from a GET of one token
        Map<String, Object> listed = api.get(o.tokens(), o.admin().bearer()).items().stream()
                .filter(t -> id.equals(t.get("id"))).findFirst().orElseThrow();
        assertEquals(INSIDE, listed.get("lastUsedIp"), listed::toString);

        assertWorks(use(o, created.string("token"), OUTSIDE));
        flusher.flush();
        List<Map<String, Object>> moved = events(o, "token.used_from_new_ip", id);
        assertEquals(1, moved.size(), moved::toString);
        assertEquals(OUTSIDE, moved.get(0).get("ip"));
        assertTrue(((String) moved.get(0).get("details")).contains(INSIDE));
        assertEquals(kind.kind(), moved.get(0).get("tokenKind"), moved::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aStaleSessionConfirmsEverythingThatMintsRevokesOrWidens(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        String stale = stale(o);
        String id = create(kind, o, "ipRestrictions", List.of("203.0.113.0/24")).string("id");

        assertRefused(403, "confirmation_required", api.post(o.tokens(), kind.body(o), stale));
        assertRefused(403, "confirmation_required", api.post(path(o, id) + "/regenerate", Map.of(), stale));
        assertRefused(403, "confirmation_required", api.post(path(o, id) + "/copy", Map.of(), stale));
        assertRefused(403, "confirmation_required", api.post(path(o, id) + "/rotate", Map.of("graceSeconds", 60), stale));
        assertRefused(403, "confirmation_required", api.delete(path(o, id), stale));
        assertRefused(403, "confirmation_required", api.post(o.tokens() + "/revoke", Map.of("ids", List.of(id)), stale));
        assertRefused(403, "confirmation_required", api.patch(path(o, id), Map.of("ipRestrictions", List.of()), stale));
        assertRefused(403, "confirmation_required", api.patch(path(o, id),
                Map.of("ipRestrictions", List.of("203.0.113.0/24", "192.0.2.0/24")), stale));
        assertEquals(200, api.patch(path(o, id), Map.of("name", "renaming needs no sudo",
                "ipRestrictions", List.of("203.0.113.0/25")), stale).status(), "narrowing needs no sudo");

        assertRefused(403, "confirmation_failed", api.post(o.tokens(), kind.body(o), stale,
                r -> r.header("X-Confirm-Password", "wrong password")));
        assertEquals(201, api.post(o.tokens(), kind.body(o), stale,
                r -> r.header("X-Confirm-Password", PatClient.PASSWORD)).status());
        assertEquals(204, api.call(HttpRequest.DELETE(path(o, id)).bearerAuth(stale.substring(7))
                .header("X-Confirm-Password", PatClient.PASSWORD)).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyLifecycleChangeIsAuditedWithTheTokenAndNeverItsSecret(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        String id = created.string("id");
        api.patch(path(o, id), Map.of("name", "renamed"), o.admin().bearer());
        api.post(path(o, id) + "/regenerate", Map.of(), o.admin().bearer());
        String copy = api.post(path(o, id) + "/copy", Map.of(), o.admin().bearer()).string("id");
        api.delete(path(o, id), o.admin().bearer());

        for (String action : List.of("token.created", "token.updated", "token.regenerated", "token.revoked")) {
            List<Map<String, Object>> found = events(o, action, id);
            assertEquals(1, found.size(), action + ": " + found);
            assertEquals(kind.kind(), found.get(0).get("tokenKind"));
            assertFalse(String.valueOf(found.get(0)).contains(created.string("token")));
        }
        assertEquals(1, events(o, "token.copied", copy).size());
        assertTrue(String.valueOf(events(o, "token.updated", id).get(0).get("details")).contains("name"));
    }

    // ---- rotation (issue #15) ----

    /** Ends every grace of the token behind the app's back, as time would. */
    private void endGrace(String id) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE superseded_secrets SET valid_until = ? WHERE token_id = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)));
            s.setString(2, id);
            assertTrue(s.executeUpdate() >= 1);
        }
    }

    private Reply rotate(Owner o, String id, Map<String, Object> body) {
        return api.post(path(o, id) + "/rotate", body, o.admin().bearer());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rotateKeepsTheOldSecretWorkingForItsGraceThenItIsRevoked(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o, "expiration", "7d");
        String id = created.string("id");

        Reply rotated = rotate(o, id, Map.of("graceSeconds", 3600));
        assertEquals(200, rotated.status(), rotated::toString);
        assertEquals(id, rotated.string("id"));
        assertNotEquals(created.string("token"), rotated.string("token"));
        assertEquals(created.string("hint"), rotated.string("previousHint"));
        assertAbout(Instant.now().plus(1, ChronoUnit.HOURS), Instant.parse(rotated.string("previousValidUntil")));
        assertAbout(Instant.now().plus(7, ChronoUnit.DAYS), expiresAt(rotated));
        assertWorks(use(o, created.string("token")));
        assertWorks(use(o, rotated.string("token")));
        Reply shown = api.get(path(o, id), o.admin().bearer());
        assertEquals(created.string("hint"), shown.string("previousHint"), shown::toString);
        assertFalse(String.valueOf(shown.body()).contains(created.string("token")));
        Map<String, Object> listed = api.get(o.tokens(), o.admin().bearer()).items().stream()
                .filter(t -> id.equals(t.get("id"))).findFirst().orElseThrow();
        assertEquals(created.string("hint"), listed.get("previousHint"));

        endGrace(id);
        assertRefused(401, "revoked", use(o, created.string("token")));
        assertWorks(use(o, rotated.string("token")));
        assertNull(api.get(path(o, id), o.admin().bearer()).body().get("previousHint"));

        Reply atOnce = rotate(o, id, Map.of("graceSeconds", 0, "expiration", "30d"));
        assertEquals(200, atOnce.status(), atOnce::toString);
        assertRefused(401, "revoked", use(o, rotated.string("token")));
        assertWorks(use(o, atOnce.string("token")));
        assertAbout(Instant.now().plus(30, ChronoUnit.DAYS), expiresAt(atOnce));

        List<Map<String, Object>> audited = events(o, "token.rotated", id);
        assertEquals(2, audited.size(), audited::toString);
        assertEquals(kind.kind(), audited.get(0).get("tokenKind"));
        assertFalse(String.valueOf(audited).contains(rotated.string("token")));
        assertFalse(String.valueOf(audited).contains(atOnce.string("token")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theGraceIsCappedBySettingAndPolicyAndBadValuesNameTheField(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        String id = create(kind, o).string("id");
        for (Object bad : List.of(-1, 8 * 24 * 3600)) {
            Reply refused = rotate(o, id, Map.of("graceSeconds", bad));
            assertEquals(400, refused.status(), refused::toString);
            assertTrue(String.valueOf(refused.body()).contains("graceSeconds"), refused::toString);
        }
        Map<String, Object> policy = new HashMap<>();
        policy.put("maxGraceSeconds", 60);
        policy.put("allowPersonalTokens", true);
        assertEquals(200, api.put("/api/workspaces/" + o.ws() + "/token-policy", policy, o.admin().bearer()).status());
        Reply tooLong = rotate(o, id, Map.of("graceSeconds", 61));
        assertEquals(400, tooLong.status(), tooLong::toString);
        assertEquals(200, rotate(o, id, Map.of("graceSeconds", 60)).status());
        assertEquals(60, api.get("/api/workspaces/" + o.ws() + "/token-policy", o.admin().bearer()).body().get("maxGraceSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void revokingDuringTheGraceKillsBothSecretsAndRegenerateEndsIt(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        String id = created.string("id");
        Reply rotated = rotate(o, id, Map.of("graceSeconds", 3600));
        Reply regenerated = api.post(path(o, id) + "/regenerate", Map.of(), o.admin().bearer());
        assertEquals(200, regenerated.status(), regenerated::toString);
        assertRefused(401, "revoked", use(o, created.string("token")));
        assertEquals(401, use(o, rotated.string("token")).status());
        assertNull(regenerated.body().get("previousHint"));

        Reply again = rotate(o, id, Map.of("graceSeconds", 3600));
        assertWorks(use(o, regenerated.string("token")));
        assertEquals(204, api.delete(path(o, id), o.admin().bearer()).status());
        assertRefused(401, "revoked", use(o, regenerated.string("token")));
        assertRefused(401, "revoked", use(o, again.string("token")));
        assertEquals(409, rotate(o, id, Map.of()).status(), "a revoked token is not rotated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRotatedSecretReplayedAtARotateEndpointAfterItsGraceRevokesTheFamily(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        String id = created.string("id");
        Reply rotated = rotate(o, id, Map.of("graceSeconds", 0));
        assertEquals(200, rotated.status(), rotated::toString);

        // elsewhere a dead secret is just refused; the family lives on
        assertRefused(401, "revoked", use(o, created.string("token")));
        assertWorks(use(o, rotated.string("token")));
        assertTrue(events(o, "token.reuse_detected", id).isEmpty());

        // at a rotate endpoint it is a replay: the current secret goes too
        Reply replay = api.post(path(o, id) + "/rotate", Map.of(), "Bearer " + created.string("token"));
        assertRefused(401, "revoked", replay);
        assertRefused(401, "revoked", use(o, rotated.string("token")));
        assertEquals(1, events(o, "token.reuse_detected", id).size());
        assertEquals("revoked", api.get(path(o, id), o.admin().bearer()).string("status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoConcurrentRotationsLeaveOneFamilyAndOneNewSecret(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        Reply created = create(kind, o);
        assertOneOfTwoRotationsWon(o, created, twiceAtOnce(() -> rotate(o, created.string("id"), Map.of("graceSeconds", 3600))));
    }

    private Reply createSelfRotating(TokenKindFixture kind, Owner o) {
        Map<String, Object> body = new HashMap<>(kind.selfRotatingGrant(o));
        body.put("name", "rotator");
        Reply rotator = api.post(o.tokens(), body, o.admin().bearer());
        assertEquals(201, rotator.status(), rotator::toString);
        return rotator;
    }

    /** How many superseded secrets the token has: one per rotation that kept the old secret alive. */
    private int supersededSecrets(String id) throws Exception {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM superseded_secrets WHERE token_id = ?")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Runs {@code call} twice at once (released together by a latch) and answers both replies. */
    private static List<Reply> twiceAtOnce(java.util.concurrent.Callable<Reply> call) throws Exception {
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                replies.add(two.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Reply> done = new ArrayList<>();
            for (var f : replies) {
                done.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return done;
        } finally {
            two.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoConcurrentSelfRotationsLeaveOneFamilyAndOneNewSecret(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        Reply rotator = createSelfRotating(kind, o);
        assertOneOfTwoRotationsWon(o, rotator, twiceAtOnce(() -> api.post("/api/tokens/self/rotate",
                Map.of("graceSeconds", 3600), "Bearer " + rotator.string("token"))));
    }

    /**
     * Two rotations of {@code created} ran at once: one won (200), the other was refused (409), and
     * one family is left with exactly two live secrets, the winner's and the old one in its grace.
     */
    private void assertOneOfTwoRotationsWon(Owner o, Reply created, List<Reply> done) throws Exception {
        String id = created.string("id");
        assertEquals(List.of(200, 409), done.stream().map(Reply::status).sorted().toList(), done::toString);
        Reply winner = done.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        assertWorks(use(o, winner.string("token")));
        assertWorks(use(o, created.string("token")));
        assertEquals(1, supersededSecrets(id), "one rotation, so one old secret in its grace");
        assertEquals(1, events(o, "token.rotated", id).size());
        assertEquals(winner.string("hint"), api.get(path(o, id), o.admin().bearer()).string("hint"),
                "the stored secret is the winner's");
        assertEquals(1, ids(api.get(o.tokens(), o.admin().bearer())).stream().filter(id::equals).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aTokenRotatesItselfOnlyWhenItsOwnGrantListsSelfRotate(TokenKindFixture kind) {
        Owner o = kind.arrange(api);
        Reply plain = create(kind, o);
        assertRefused(403, "missing_permission", api.post("/api/tokens/self/rotate", Map.of(), "Bearer " + plain.string("token")));
        assertRefused(403, "missing_permission", api.post("/api/tokens/self/rotate", Map.of(), o.admin().bearer()));
        Reply rotator = createSelfRotating(kind, o);

        Reply rotated = api.post("/api/tokens/self/rotate", Map.of("graceSeconds", 60), "Bearer " + rotator.string("token"));
        assertEquals(200, rotated.status(), rotated::toString);
        assertEquals(rotator.string("id"), rotated.string("id"));
        assertEquals(kind.kind(), rotated.string("kind"));
        assertEquals(rotator.string("hint"), rotated.string("previousHint"));
        assertWorks(use(o, rotated.string("token")));
        assertWorks(use(o, rotator.string("token")));
        assertEquals(409, api.post("/api/tokens/self/rotate", Map.of(), "Bearer " + rotator.string("token")).status(),
                "the old secret, still in its grace, cannot rotate again");
        assertEquals(1, events(o, "token.rotated", rotator.string("id")).size());
    }

    // ---- lists (issue #18: every authenticated request cheap, a long list too) ----

    private static final int MANY = 50;

    private List<Map<String, Object>> list(Owner o) {
        Reply page = api.get(o.tokens() + "?limit=" + MANY, o.admin().bearer());
        assertEquals(200, page.status(), page::toString);
        return page.items();
    }

    private List<Executed> statementsOfList(Owner o, int expectedItems) {
        AtomicReference<List<Map<String, Object>>> items = new AtomicReference<>();
        List<Executed> executed = counted.counter().during(() -> items.set(list(o)));
        assertEquals(expectedItems, items.get().size());
        return executed;
    }

    private static String sql(List<Executed> executed) {
        return executed.stream().map(Executed::sql).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    /**
     * What each listed token shows besides its row (its {@code effectiveState}: a PAT's governance
     * state, its subject's status, its workspace's policy; the previous secret of a rotation in its
     * grace) is read once for the page, not once per token: a list of fifty runs the statements of a
     * list of one. Nothing is cached in this context, so no per-token look-up hides behind a cache.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aListOfFiftyTokensRunsTheStatementsOfAListOfOne(TokenKindFixture kind) {
        Owner one = kind.arrange(api);
        Owner many = kind.arrange(api);
        setPolicy(one, null, false, List.of(), true);
        setPolicy(many, null, false, List.of(), true);
        rotate(one, create(kind, one).string("id"), Map.of("graceSeconds", 3600));
        for (int i = 0; i < MANY; i++) {
            String id = create(kind, many).string("id");
            if (i % 10 == 0) {
                rotate(many, id, Map.of("graceSeconds", 3600));
            }
        }

        List<Executed> ofOne = statementsOfList(one, 1);
        List<Executed> ofMany = statementsOfList(many, MANY);
        System.out.printf("[statements] %s list: %d statements for 1 token, %d for %d tokens%n", kind, ofOne.size(),
                ofMany.size(), MANY);
        assertEquals(ofOne.size(), ofMany.size(), () -> kind + ": a list of 1 ran" + sql(ofOne) + "\na list of " + MANY
                + " ran" + sql(ofMany));
    }

    /** Token id -> effectiveState from the list, each listed token checked against what its own GET shows. */
    private Map<Object, Object> listedStates(Owner o) {
        Map<Object, Object> states = new LinkedHashMap<>();
        for (Map<String, Object> item : list(o)) {
            assertEquals(api.get(path(o, (String) item.get("id")), o.admin().bearer()).body(), item,
                    "a listed token is what its own GET shows");
            states.put(item.get("id"), item.get("effectiveState"));
        }
        return states;
    }

    /** The states read for a whole page are the ones each token shows alone, every one of them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyEffectiveStateReadForAWholePageIsTheOneEachTokenShowsAlone(TokenKindFixture kind) throws Exception {
        Owner o = kind.arrange(api);
        String active = create(kind, o, "expiration", "30d").string("id");
        String never = create(kind, o, "expiration", "never").string("id");
        String revoked = create(kind, o, "expiration", "30d").string("id");
        assertEquals(204, api.delete(path(o, revoked), o.admin().bearer()).status());
        String expired = create(kind, o, "expiration", "30d").string("id");
        expire(kind, expired);
        String rotated = create(kind, o, "expiration", "30d").string("id");
        assertEquals(200, rotate(o, rotated, Map.of("graceSeconds", 3600)).status());
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(active, "active");
        expected.put(never, "policy_denied");
        expected.put(revoked, "revoked");
        expected.put(expired, "expired");
        expected.put(rotated, "active");
        boolean personal = kind == TokenKindFixture.PERSONAL;
        if (personal) {
            setPolicy(o, null, false, List.of(), true);
            String pending = create(kind, o, "expiration", "30d").string("id");
            String denied = create(kind, o, "expiration", "30d").string("id");
            String approved = create(kind, o, "expiration", "30d").string("id");
            String requests = "/api/workspaces/" + o.ws() + "/token-requests/";
            assertEquals(200, api.post(requests + denied + "/deny", Map.of("note", "no"), o.admin().bearer()).status());
            assertEquals(200, api.post(requests + approved + "/approve", Map.of(), o.admin().bearer()).status());
            expected.put(pending, "pending_approval");
            expected.put(denied, "approval_denied");
            expected.put(approved, "active");
        }
        setPolicy(o, null, true, List.of(), personal);

        assertEquals(expected, listedStates(o));
        assertTrue(list(o).stream().anyMatch(t -> rotated.equals(t.get("id")) && t.get("previousHint") != null),
                "the rotated token's previous secret is listed while its grace runs");

        if (kind == TokenKindFixture.SERVICE) {
            String subject = kind.subjectUserId(o);
            setStatus(subject, "SUSPENDED");
            try {
                expected.put(active, "subject_inactive");
                expected.put(rotated, "subject_inactive");
                assertEquals(expected, listedStates(o), "policy, revocation and expiry come before the subject");
            } finally {
                setStatus(subject, "ACTIVE");
            }
        }
    }
}
