package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.projects;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No piece of a token survives in what Latchkey stores or echoes from a client's text: redaction
 * happens before any cut (a token straddling a length limit used to leave its first half in the
 * audit trail), recognises parts of tokens too, and names and notes refuse token-shaped text
 * outright. "A piece" is any {@value #PIECE} characters of the token's secret part.
 */
@MicronautTest(transactional = false)
class RedactionTest extends WorkspaceTest {
    private static final int PIECE = 8;
    private static final int MAX_USER_AGENT = 256;

    @Inject
    DataSource dataSource;

    @Inject
    LastUseFlusher lastUses;

    /** Loopback is a trusted proxy here, so X-Forwarded-For is believed (and stored as the last-used address). */
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("latchkey.http.trusted-proxies", "127.0.0.1,::1");
        return properties;
    }

    /** A real token of the owner's, so what must not leak is a live secret. */
    private String liveToken(Session session) {
        return expect(201, api.post("/api/user/personal-access-tokens", session.token(),
                body("name", "secret", "scopes", List.of("user:read")))).string("token");
    }

    private Reply withUserAgent(HttpMethod method, String path, String bearer, Object payload, String agent) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        if (bearer != null) {
            request.bearerAuth(bearer);
        }
        request.header("User-Agent", agent);
        return api.send(request, payload);
    }

    /** Every text column of the audit trail, straight from the database. */
    private List<String> storedAuditText() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection c = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ip, user_agent, details FROM audit_events")) {
            while (rs.next()) {
                for (int i = 1; i <= 3; i++) {
                    if (rs.getString(i) != null) {
                        texts.add(rs.getString(i));
                    }
                }
            }
        }
        return texts;
    }

    private static void assertNoPieceOf(String token, List<String> texts) {
        String secret = token.substring(4);
        for (String text : texts) {
            for (int i = 0; i + PIECE <= secret.length(); i++) {
                String piece = secret.substring(i, i + PIECE);
                assertFalse(text.contains(piece), () -> "a piece of the token (" + piece + ") was stored: " + text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 214, 220, 230, 240, 247, 250, 252, 255})
    void aTokenStraddlingTheUserAgentLimitLeavesNoPieceInTheAuditTrail(int padding) throws Exception {
        String token = liveToken(owner);
        String agent = "a".repeat(padding) + token + " trailing";
        expect(201, withUserAgent(HttpMethod.POST, workspace(ws) + "/tokens", owner.token(),
                body("name", "ci " + padding, "grant", Map.of("allProjects", "TESTER")), agent));
        Map<String, Object> created = expect(200, api.get(workspace(ws) + "/audit-events?action=token.created",
                owner.token())).items().get(0);
        String stored = (String) created.get("userAgent");
        assertTrue(stored.startsWith("a".repeat(Math.min(padding, 100))), stored);
        assertTrue(stored.length() <= MAX_USER_AGENT, stored);
        assertNoPieceOf(token, List.of(stored));
        assertNoPieceOf(token, storedAuditText());
    }

    @Test
    void aTokenInTheUserAgentOfAFailedLoginLeavesNoPiece() throws Exception {
        String token = liveToken(owner);
        for (int padding : new int[] {180, 190, 196, 199, 240, 250}) {
            assertEquals(401, withUserAgent(HttpMethod.POST, "/login", null,
                    body("username", owner.email(), "password", "wrong password " + padding), "b".repeat(padding) + token).status());
        }
        List<Map<String, Object>> events = expect(200, api.get("/api/user/audit-events?action=login.failed", owner.token())).items();
        assertFalse(events.isEmpty(), "failed logins of an account are audited");
        assertNoPieceOf(token, events.stream().map(e -> String.valueOf(e.get("userAgent"))).toList());
        assertNoPieceOf(token, storedAuditText());
    }

    @Test
    void partsAndEncodingsOfATokenAreRedactedToo() throws Exception {
        String token = liveToken(owner);
        List<String> agents = List.of(
                token.substring(0, 30),                               // a cut-off token
                "x" + token + "y",                                    // glued to other text
                token.substring(0, 3) + "%5F" + token.substring(4),   // URL-encoded underscore
                token.substring(0, 3) + "%5f" + token.substring(4),
                token + token);                                       // twice, no separator
        for (String agent : agents) {
            // audited: the event keeps the caller's user agent
            expect(201, withUserAgent(HttpMethod.POST, workspace(ws) + "/tokens", owner.token(),
                    body("name", "ua", "grant", Map.of("allProjects", "TESTER")), agent));
        }
        assertNoPieceOf(token, storedAuditText());
    }

    @Test
    void aRefusedTokenUseKeepsNoPieceOfATokenInItsUserAgent() throws Exception {
        String secret = liveToken(owner);
        String restricted = expect(201, api.post("/api/user/personal-access-tokens", owner.token(),
                body("name", "office only", "scopes", List.of("user:read"), "ipRestrictions", List.of("10.0.0.0/8")))).string("token");
        assertEquals(403, withUserAgent(HttpMethod.GET, "/api/user", restricted, null, "d".repeat(236) + secret).status());
        long deadline = System.currentTimeMillis() + 5000;
        while (expect(200, api.get("/api/user/audit-events?action=token.refused_ip", owner.token())).items().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        List<Map<String, Object>> refused = api.get("/api/user/audit-events?action=token.refused_ip", owner.token()).items();
        assertEquals(1, refused.size(), "the refusal is audited");
        assertTrue(String.valueOf(refused.get(0).get("userAgent")).startsWith("ddd"), refused::toString);
        assertNoPieceOf(secret, storedAuditText());
    }

    @Test
    void aTokenInAForwardedAddressIsNotStoredAsTheLastUsedAddress() throws Exception {
        String secret = liveToken(owner);
        String used = liveToken(owner);
        for (String forwarded : List.of(secret, "203.0.113.7, " + secret, "x".repeat(40) + secret)) {
            MutableHttpRequest<Object> request = HttpRequest.create(HttpMethod.GET, "/api/user");
            request.bearerAuth(used).header("X-Forwarded-For", forwarded);
            expect(200, api.send(request, null));
            lastUses.flush();
        }
        List<String> stored = new ArrayList<>(storedAuditText());
        try (Connection c = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_used_ip FROM personal_tokens WHERE last_used_ip IS NOT NULL")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertNoPieceOf(secret, stored);
    }

    @Test
    void aTokenStraddlingTheLeakSourceLimitLeavesNoPiece() throws Exception {
        String leaked = liveToken(owner);
        String other = liveToken(owner);
        for (int padding : new int[] {60, 80, 90, 95, 99}) {
            expect(202, api.post("/api/tokens/leaks", null,
                    body("tokens", List.of(leaked), "source", "s".repeat(padding) + other)));
        }
        assertNoPieceOf(other, storedAuditText());
    }

    @Test
    void echoedValuesInErrorsAreRedactedBeforeTheyAreCut() {
        String token = liveToken(owner);
        for (int padding : new int[] {40, 50, 55, 60, 63}) {
            String value = "c".repeat(padding) + token;
            Reply audit = assertProblem(400, api.get("/api/user/audit-events?action=" + value, owner.token()));
            Reply scopes = assertProblem(400, api.post("/api/user/personal-access-tokens", owner.token(),
                    body("name", "x", "scopes", List.of(value))));
            Reply ips = assertProblem(400, api.post("/api/user/personal-access-tokens", owner.token(),
                    body("name", "x", "scopes", List.of("user:read"), "ipRestrictions", List.of(value))));
            assertNoPieceOf(token, List.of(audit.text(), scopes.text(), ips.text()));
        }
    }

    @Test
    void namesAndNotesRefuseTokenShapedTextNamingTheField() {
        String token = liveToken(owner);
        List<String> values = List.of(token, "my token is " + token, token.substring(0, 28), token.replace("lkp_", "lks_"),
                "ci " + token.substring(0, 3) + "%5F" + token.substring(4, 40));
        List<String> failures = new ArrayList<>();
        for (NamedFields.Case c : NamedFields.of(api, owner, ws)) {
            for (String value : values) {
                Reply reply = c.send(api, owner, value);
                if (c.seedShape()) {
                    // seed 001's {"message","status"}: the message names the field
                    if (reply.status() != 400 || !String.valueOf(reply.get("message")).startsWith(c.field() + ":")) {
                        failures.add(c + " -> " + reply);
                    }
                    assertNoPieceOf(token, List.of(reply.text()));
                    continue;
                }
                if (reply.status() != 400 || !c.field().equals(reply.string("field"))) {
                    failures.add(c + " -> " + reply);
                } else {
                    assertProblem(400, reply);
                    assertNoPieceOf(token, List.of(reply.text()));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertFalse(api.get(workspace(ws) + "/tokens", owner.token()).text().contains(token.substring(4, 4 + PIECE)));
    }

    @Test
    void accessRulePathsRefuseTokenShapedTextWithoutEchoingIt() {
        // a rule is listed to every member and audited, like a name
        String token = liveToken(owner);
        for (String path : List.of("/" + token + "/**", "/hooks/" + token.substring(0, 28),
                "/ci/" + token.substring(0, 3) + "%5F" + token.substring(4, 40))) {
            Reply reply = api.post(workspace(ws) + "/access-rules", owner.token(), body("path", path, "permission", "workspace:read"));
            assertProblem(400, reply);
            assertEquals("path", reply.string("field"), reply.text());
            assertNoPieceOf(token, List.of(reply.text()));
        }
        assertFalse(api.get(workspace(ws) + "/access-rules", owner.token()).text().contains(token.substring(4, 4 + PIECE)));
    }

    @Test
    void textThatOnlyLooksAlikeIsKept() {
        // a prefix with a short tail, or a long tail without the prefix, is ordinary text
        for (String fine : List.of("lkp_release-2026", "lkpx_" + "a".repeat(30), "lkp_" + "b".repeat(19))) {
            assertEquals(fine, expect(201, api.post(projects(ws), owner.token(), body("key", Api.unique("p"), "name", fine)))
                    .string("name"));
        }
    }
}
