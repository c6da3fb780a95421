package dev.latchkey.app.integrations;

import dev.latchkey.app.integrations.Fixtures.Minted;
import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class AuditTrailTest extends HttpTestBase {
    private static final String TOKENS = "/api/user/personal-access-tokens";

    @Inject
    AuditTrail trail;

    private static List<String> actions(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("action")).toList();
    }

    private String workspaceLog(String ws, String query) {
        return "/api/workspaces/" + ws + "/audit-events" + query;
    }

    @Test
    void theLifecycleOfAPersonalTokenIsRecordedNewestFirst() {
        Person ann = api.person();
        Minted token = fx.mint(ann, List.of("user:read"));
        assertEquals(200, api.patch(TOKENS + "/" + token.id(), Map.of("name", "renamed"), ann.bearer()).status());
        assertEquals(200, api.post(TOKENS + "/" + token.id() + "/regenerate", Map.of(), ann.bearer()).status());
        Reply copy = api.post(TOKENS + "/" + token.id() + "/copy", Map.of(), ann.bearer());
        assertEquals(201, copy.status());
        assertEquals(204, api.delete(TOKENS + "/" + token.id(), ann.bearer()).status());
        assertEquals(200, api.post(TOKENS + "/revoke", Map.of("ids", List.of(copy.string("id"))), ann.bearer()).status());

        List<Map<String, Object>> events = fx.myEvents(ann, "");
        assertEquals(List.of("token.revoked", "token.revoked", "token.copied", "token.regenerated", "token.updated",
                "token.created"), actions(events));
        Map<String, Object> created = events.get(5);
        assertEquals(Map.of("type", "user", "id", ann.id().toString()), created.get("actor"));
        assertEquals(Map.of("type", "token", "id", token.id().toString()), created.get("target"));
        assertEquals("personal", created.get("tokenKind"));
        assertEquals(ann.id().toString(), created.get("ownerUserId"));
        assertNotNull(created.get("ip"));
        assertNotNull(created.get("occurredAt"));
    }

    @Test
    void membershipChangesAreRecordedInTheWorkspaceLog() {
        Person ann = api.person();
        Person bob = api.person();
        String ws = api.workspace(ann);
        String members = "/api/workspaces/" + ws + "/members";
        assertEquals(201, api.post(members, Map.of("email", bob.email(), "role", "MEMBER"), ann.bearer()).status());
        assertEquals(200, api.patch(members + "/" + bob.id(), Map.of("role", "ADMIN"), ann.bearer()).status());
        assertEquals(204, api.delete(members + "/" + bob.id(), ann.bearer()).status());

        Reply log = api.get(workspaceLog(ws, ""), ann.bearer());
        assertEquals(200, log.status());
        assertEquals(List.of("member.removed", "member.updated", "member.added"), actions(log.items()));
        Map<String, Object> updated = log.items().get(1);
        assertEquals(Map.of("type", "user", "id", bob.id().toString()), updated.get("target"));
        assertEquals(Map.of("type", "user", "id", ann.id().toString()), updated.get("actor"));
        assertTrue(((String) updated.get("details")).contains("ADMIN"));
        // ann's own log holds what she did
        assertTrue(actions(fx.myEvents(ann, "")).contains("member.added"));
    }

    @Test
    void theLogFiltersByActionAndTime() {
        Person ann = api.person();
        Person bob = api.person();
        String ws = api.workspace(ann);
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", bob.email(), "role", "MEMBER"), ann.bearer());
        fx.mint(ann, Map.of("name", "ws", "workspace", ws, "scopes", List.of("projects:read")));

        assertEquals(List.of("member.added"), actions(api.get(workspaceLog(ws, "?action=member.added"), ann.bearer()).items()));
        assertEquals(List.of("token.created"), actions(api.get(workspaceLog(ws, "?action=token.created"), ann.bearer()).items()));
        String hourAgo = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        String inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertEquals(2, api.get(workspaceLog(ws, "?from=" + hourAgo + "&to=" + inAnHour), ann.bearer()).items().size());
        assertEquals(0, api.get(workspaceLog(ws, "?from=" + inAnHour), ann.bearer()).items().size());
        assertEquals(0, api.get(workspaceLog(ws, "?to=" + hourAgo), ann.bearer()).items().size());

        assertEquals(400, api.get(workspaceLog(ws, "?action=token.teleported"), ann.bearer()).status());
        assertEquals(400, api.get(workspaceLog(ws, "?from=yesterday"), ann.bearer()).status());
        assertEquals(400, api.get(workspaceLog(ws, "?from=" + inAnHour + "&to=" + hourAgo), ann.bearer()).status());
        assertEquals(400, api.get("/api/user/audit-events?to=soon", ann.bearer()).status());
    }

    @Test
    void theLogPagesWithACursor() {
        Person ann = api.person();
        for (int i = 0; i < 5; i++) {
            fx.mint(ann, List.of("user:read"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = api.get("/api/user/audit-events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), ann.bearer());
            assertEquals(200, page.status());
            page.items().forEach(e -> seen.add((String) e.get("id")));
            cursor = page.string("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(5, seen.size());
        assertEquals(5, new HashSet<>(seen).size());
        List<String> newestFirst = new ArrayList<>(seen);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, seen);
        assertEquals(400, api.get("/api/user/audit-events?cursor=nonsense", ann.bearer()).status());
    }

    @Test
    void readingAWorkspaceLogTakesAuditRead() {
        Person ann = api.person();
        Person bob = api.person();
        Person carol = api.person();
        String ws = api.workspace(ann);
        api.post("/api/workspaces/" + ws + "/members", Map.of("email", bob.email(), "role", "MEMBER"), ann.bearer());

        Reply member = api.get(workspaceLog(ws, ""), bob.bearer());
        assertEquals(403, member.status());
        assertEquals("audit:read", member.string("missingPermission"));
        assertEquals(404, api.get(workspaceLog(ws, ""), carol.bearer()).status());

        Minted auditor = fx.mint(ann, Map.of("name", "siem", "workspace", ws, "scopes", List.of("audit:read")));
        Minted reader = fx.mint(ann, Map.of("name", "ro", "workspace", ws, "scopes", List.of("projects:read")));
        assertEquals(200, api.get(workspaceLog(ws, ""), auditor.bearer()).status());
        assertEquals(403, api.get(workspaceLog(ws, ""), reader.bearer()).status());
    }

    @Test
    void aUsersOwnLogTakesASessionOrATokenWithUserRead() {
        Person ann = api.person();
        Minted profile = fx.mint(ann, List.of("user:read"));
        Minted other = fx.mint(ann, List.of("projects:read"));
        assertEquals(200, api.get("/api/user/audit-events", profile.bearer()).status());
        assertEquals(403, api.get("/api/user/audit-events", other.bearer()).status());
        assertEquals(401, api.get("/api/user/audit-events", null).status());
    }

    @Test
    void refusalsAtUseAreRecordedForTheOwner() {
        Person ann = api.person();
        Minted office = fx.mint(ann, Map.of("name", "office", "scopes", List.of("user:read"),
                "ipRestrictions", List.of("203.0.113.0/24")));
        Minted old = fx.mint(ann, List.of("user:read"));
        fx.sql("UPDATE personal_tokens SET expires_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)), old.id().toString());

        for (int i = 0; i < 3; i++) {
            assertEquals(403, api.get("/api/user", office.bearer()).status());
            assertEquals(401, api.get("/api/user", old.bearer()).status());
        }

        Map<String, Object> refused = fx.awaitEvent(ann, "token.refused_ip", office.id()).orElseThrow();
        assertEquals(Map.of("type", "token", "id", office.id().toString()), refused.get("actor"));
        fx.awaitEvent(ann, "token.expired_on_use", old.id()).orElseThrow();
        // a client retrying in a loop is one line, not one per request
        assertEquals(1, fx.myEvents(ann, "?action=token.refused_ip").size());
        assertEquals(1, fx.myEvents(ann, "?action=token.expired_on_use").size());
    }

    @Test
    void theTrailRefusesDetailsHoldingATokenAndRedactsClientText() {
        String secret = new TokenSecrets(new SecureRandom()).generate(TokenKind.SERVICE);
        AuditEvent leaky = AuditEvent.of(AuditAction.TOKEN_UPDATED, AuditEvent.Actor.anonymous()).withDetails("oops " + secret);
        assertThrows(IllegalArgumentException.class, () -> trail.record(leaky));
        assertEquals("agent [redacted]", AuditTrail.redact("agent " + secret));
        assertEquals(TokenFormat.SCANNER_REGEX, AuditTrail.TOKEN_REGEX);
    }

    @Test
    void aUserAgentCarryingATokenIsStoredRedacted() {
        Person ann = api.person();
        String secret = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        Reply r = api.post(TOKENS, Map.of("name", "ua", "scopes", List.of("user:read")), ann.bearer(),
                req -> req.header("User-Agent", "curl/8 " + secret));
        assertEquals(201, r.status());
        Map<String, Object> event = fx.myEvents(ann, "?action=token.created").get(0);
        assertEquals("curl/8 [redacted]", event.get("userAgent"));
    }

    /** Runs after everything above (and whatever else this JVM ran first) minted, used, leaked and revoked tokens. */
    @AfterAll
    void noAuditRowEverHoldsATokenString() throws Exception {
        Pattern token = Pattern.compile(TokenFormat.SCANNER_REGEX);
        int rows = 0;
        try (Connection c = fx.rawDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM audit_events")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    assertTrue(value == null || !token.matcher(value).find(),
                            "audit_events." + meta.getColumnName(i) + " holds a token");
                }
            }
        }
        assertTrue(rows > 10, "the scan must have had something to look at");
    }
}
