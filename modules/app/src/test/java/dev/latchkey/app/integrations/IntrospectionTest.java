package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class IntrospectionTest extends HttpTestBase {
    private static final String INTROSPECT = "/oauth/introspect";
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private Person service;
    @Inject
    ActiveUsers activeUsers;

    @BeforeAll
    void setUp() {
        service = api.person();
    }

    private Reply introspect(String token) {
        return fx.form(INTROSPECT, Map.of("token", token), service.bearer());
    }

    @Test
    void anActiveTokenIsDescribedWithItsEffectiveScopeSubjectTimesWorkspaceAndGrant() {
        Person ann = api.person();
        String ws = api.workspace(ann);
        String wsId = (String) api.get("/api/workspaces/" + ws, ann.bearer()).body().get("id");
        Minted token = fx.mint(ann, Map.of("name", "ci", "scopes", List.of("projects:read", "user:read", "audit:read"),
                "workspace", ws, "expiration", "7d"));

        Reply r = introspect(token.secret());

        assertEquals(200, r.status());
        assertEquals(true, r.body().get("active"));
        assertEquals("personal", r.string("token_type"));
        assertEquals("user:" + ann.id(), r.string("sub"));
        assertEquals(token.id().toString(), r.string("jti"));
        assertEquals(wsId, r.string("workspace"));
        List<String> scope = Arrays.asList(r.string("scope").split(" "));
        // the workspace OWNER holds all three; the scope is the grant, not more
        assertEquals(List.of("audit:read", "user:read", "projects:read"), scope);
        long iat = ((Number) r.body().get("iat")).longValue();
        long exp = ((Number) r.body().get("exp")).longValue();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) < 120);
        assertEquals(7 * 24 * 3600, exp - iat, 5);
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = (Map<String, Object>) r.body().get("grant");
        assertEquals(List.of("audit:read", "user:read", "projects:read"), grant.get("scopes"));
        assertEquals("no-store", r.headers().get("Cache-Control"));
    }

    @Test
    void aBusyTokenIsDescribedTheSameEachTimeAndRevokingItEndsThatAtOnce() {
        // the first answer reads the token's facts and owner; the next ones come from what the node
        // keeps with the token's cache entry, which goes when the token changes
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        Reply first = introspect(token.secret());
        assertEquals(true, first.body().get("active"));
        assertEquals(ann.email(), first.string("username"));
        for (int i = 0; i < 3; i++) {
            assertEquals(first.body(), introspect(token.secret()).body());
        }
        assertEquals(200, fx.form("/oauth/revoke", Map.of("token", token.secret()), token.bearer()).status());
        assertEquals(INACTIVE, introspect(token.secret()).body());
    }

    @Test
    void theScopeIsWhatTheOwnerHoldsNowNotEverythingTheTokenAskedFor() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read", "pipelines:run"));
        Reply r = introspect(token.secret());
        assertEquals(true, r.body().get("active"));
        assertEquals("user:read", r.string("scope"));
        assertNotNull(r.body().get("exp"), "the 30-day default expires");
    }

    @Test
    void aRevokedTokenIsInactiveAndNothingMore() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(204, api.delete("/api/user/personal-access-tokens/" + token.id(), ann.bearer()).status());
        assertEquals(INACTIVE, introspect(token.secret()).body());
    }

    @Test
    void anExpiredTokenIsInactive() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        // the API refuses a past expiry, so the clock is moved on the row (the token was never used, nothing is cached)
        fx.sql("UPDATE personal_tokens SET expires_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)), token.id().toString());
        assertEquals(INACTIVE, introspect(token.secret()).body());
    }

    @Test
    void aTokenIsJudgedFromTheAddressItsHolderUses() {
        Person ann = api.person();
        Minted token = fx.mint(ann, Map.of("name", "office", "scopes", List.of("user:read"),
                "ipRestrictions", List.of("203.0.113.0/24")));
        assertEquals(INACTIVE, fx.form(INTROSPECT, Map.of("token", token.secret(), "client_ip", "198.51.100.1"),
                service.bearer()).body());
        assertEquals(true, fx.form(INTROSPECT, Map.of("token", token.secret(), "client_ip", "203.0.113.9"),
                service.bearer()).body().get("active"));
        // without client_ip, the introspecting request's own address (loopback) counts
        assertEquals(INACTIVE, introspect(token.secret()).body());
    }

    @Test
    void malformedUnknownAndMissingTokensAreInactive() {
        String unknown = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        String broken = unknown.substring(0, unknown.length() - 1) + (unknown.endsWith("a") ? "b" : "a");
        assertEquals(INACTIVE, introspect(unknown).body());
        assertEquals(INACTIVE, introspect(broken).body());
        assertEquals(INACTIVE, introspect("not a token").body());
        assertEquals(INACTIVE, fx.form(INTROSPECT, Map.of(), service.bearer()).body());
    }

    @Test
    void aSuspendedOwnersTokenIsInactive() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(true, introspect(token.secret()).body().get("active"));
        fx.sql("UPDATE users SET status = 'SUSPENDED' WHERE id = ?", ann.id().toString());
        // what every code path that suspends a user does (the journal carries it to other nodes):
        // the owner's cached "active" goes at once, so a busy token is inactive on its next check
        activeUsers.evict(ann.id());
        assertEquals(INACTIVE, introspect(token.secret()).body());
    }

    @Test
    void introspectionNeedsAnAuthenticatedCaller() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(401, fx.form(INTROSPECT, Map.of("token", token.secret()), null).status());
        // a token is an authenticated caller too, and may introspect itself
        Reply self = fx.form(INTROSPECT, Map.of("token", token.secret()), token.bearer());
        assertEquals(200, self.status());
        assertEquals(true, self.body().get("active"));
    }

    @Test
    void theAnswerNeverCarriesTheToken() {
        Person ann = api.person();
        Minted token = fx.mint(ann, new HashMap<>(Map.of("name", "x", "scopes", List.of("user:read"))));
        Reply r = introspect(token.secret());
        assertNotNull(r.body().get("active"));
        assertTrue(!r.body().toString().contains(token.secret()));
    }
}
