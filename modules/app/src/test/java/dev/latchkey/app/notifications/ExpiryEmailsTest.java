package dev.latchkey.app.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import dev.latchkey.notifications.expiry.ExpiryNotices;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expiry e-mails through Micronaut Email (Jakarta Mail) to GreenMail, a real SMTP server in process
 * on loopback; each test reads the messages back: recipient, subject, token name and hint, expiry,
 * dashboard link, and never the token. Times are moved in the database, as time would move them.
 */
@MicronautTest(transactional = false)
class ExpiryEmailsTest extends WorkspaceTest {
    static final String DASHBOARD = "https://latchkey.test.example";

    @Inject
    ExpiryNotices notices;

    @Inject
    DataSource dataSource;

    GreenMail smtp;
    Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties != null) {
            return properties;
        }
        int port = Receiver.freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> p = super.getProperties();
        p.put("latchkey.mail.host", "127.0.0.1");
        p.put("latchkey.mail.port", Integer.toString(port));
        p.put("latchkey.mail.starttls", "false");
        p.put("latchkey.mail.from", "Latchkey <latchkey@test.example>");
        p.put("latchkey.notifications.dashboard-url", DASHBOARD);
        properties = Map.copyOf(p);
        return properties;
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    private void move(String table, String id, Instant issuedAt, Instant expiresAt) throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET issued_at = ?, expires_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(issuedAt.truncatedTo(ChronoUnit.SECONDS)));
            s.setTimestamp(2, Timestamp.from(expiresAt.truncatedTo(ChronoUnit.SECONDS)));
            s.setString(3, id);
            assertEquals(1, s.executeUpdate());
        }
    }

    /** The messages GreenMail holds for {@code email} (other tests' tokens may be warned about too). */
    private List<MimeMessage> mailTo(String email) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(email))) {
                found.add(m);
            }
        }
        return found;
    }

    private Reply createPat(Api.Session user, String name) {
        return expect(201, api.post("/api/user/personal-access-tokens", user.token(),
                body("name", name, "scopes", List.of("projects:read"), "expiration", "90d")));
    }

    @Test
    void aPersonalTokenGetsTheNearestDueNoticeOnceThenTheSevenDayOne() throws Exception {
        Reply pat = createPat(owner, "laptop-cli");
        String id = pat.string("id");
        Instant now = Instant.now();
        Instant expiry = now.plus(25, ChronoUnit.DAYS);
        move("personal_tokens", id, now.minus(65, ChronoUnit.DAYS), expiry);

        notices.scan();
        List<MimeMessage> first = mailTo(owner.email());
        assertEquals(1, first.size(), "the 30-day notice only (the 60-day one is past)");
        MimeMessage m = first.get(0);
        assertEquals("Your Latchkey personal access token \"laptop-cli\" expires in 30 days", m.getSubject());
        assertEquals("latchkey@test.example", ((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getAddress());
        String text = GreenMailUtil.getBody(m);
        assertTrue(text.contains("laptop-cli"), text);
        assertTrue(text.contains("ending in " + pat.string("hint")), text);
        assertTrue(text.contains(expiry.truncatedTo(ChronoUnit.SECONDS).toString()), text);
        assertTrue(text.contains(DASHBOARD + "/#/tokens"), text);
        assertFalse(text.contains(pat.string("token")), "never the token");

        notices.scan();
        assertEquals(1, mailTo(owner.email()).size(), "sent once");

        move("personal_tokens", id, now.minus(85, ChronoUnit.DAYS), now.plus(5, ChronoUnit.DAYS));
        notices.scan();
        List<MimeMessage> second = mailTo(owner.email());
        assertEquals(2, second.size());
        assertEquals("Your Latchkey personal access token \"laptop-cli\" expires in 7 days", second.get(1).getSubject());
    }

    @Test
    void aWorkspaceTokenWarnsEveryOwnerOnceEvenWithScansRacingOnSeveralThreads() throws Exception {
        Api.Session coOwner = api.newMember(owner, ws, "OWNER", null);
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        Reply token = expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", "ci-deploy", "grant", Map.of("allProjects", "TESTER"), "expiration", "30d")));
        Instant now = Instant.now();
        // a ten-day lifetime: only the 7-day notice applies
        move("workspace_tokens", token.string("id"), now.minus(4, ChronoUnit.DAYS), now.plus(6, ChronoUnit.DAYS));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> scans = List.of(notices::scan, notices::scan, notices::scan, notices::scan);
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(scans)) {
                total += f.get();
            }
            assertTrue(total >= 1, "someone sent it");
        } finally {
            pool.shutdownNow();
        }
        for (Api.Session o : List.of(owner, coOwner)) {
            List<MimeMessage> mail = mailTo(o.email());
            assertEquals(1, mail.size(), o.email());
            assertEquals("Your Latchkey workspace token \"ci-deploy\" expires in 7 days", mail.get(0).getSubject());
            String text = GreenMailUtil.getBody(mail.get(0));
            assertTrue(text.contains(DASHBOARD + "/#/w/" + ws.slug() + "/tokens"), text);
            assertTrue(text.contains("ending in " + token.string("hint")), text);
            assertFalse(text.contains(token.string("token")));
        }
        assertEquals(0, mailTo(member.email()).size(), "members are not owners");
        Reply audit = expect(200, api.get(Api.workspace(ws) + "/audit-events?action=token.expiring", owner.token()));
        assertEquals(1, audit.items().size(), audit.text());
        assertTrue(audit.text().contains("delivery=smtp"), audit.text());
        assertFalse(audit.text().contains(token.string("token")));
    }

    @Test
    void twoNodesOnOneDatabaseScanningAtOnceSendOneEmail() throws Exception {
        Reply pat = createPat(owner, "two-nodes");
        Instant now = Instant.now();
        move("personal_tokens", pat.string("id"), now.minus(80, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS));
        // a second node: its own context, beans and connection pool, on the same database and SMTP server
        try (io.micronaut.context.ApplicationContext other = io.micronaut.context.ApplicationContext.run(
                new java.util.HashMap<String, Object>(getProperties()))) {
            ExpiryNotices otherNotices = other.getBean(ExpiryNotices.class);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Integer>> scans = List.of(notices::scan, otherNotices::scan, notices::scan, otherNotices::scan);
                for (Future<Integer> f : pool.invokeAll(scans)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        List<MimeMessage> mail = mailTo(owner.email());
        assertEquals(1, mail.size(), "one e-mail, whichever node sent it");
        assertEquals("Your Latchkey personal access token \"two-nodes\" expires in 7 days", mail.get(0).getSubject());
    }

    @Test
    void aServiceTokenWarnsTheOwnersAndSomeoneWhoOptedOutGetsNothing() throws Exception {
        Reply optOut = expect(200, api.exchange(io.micronaut.http.HttpMethod.PUT, "/api/user/notification-preferences",
                owner.token(), body("expiryEmails", false)));
        assertEquals(false, optOut.get("expiryEmails"));
        assertEquals(false, expect(200, api.get("/api/user/notification-preferences", owner.token())).get("expiryEmails"));
        Api.Session coOwner = api.newMember(owner, ws, "OWNER", null);
        String bot = expect(201, api.post(Api.workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
        Reply token = expect(201, api.post("/api/users/service/" + bot + "/personal-access-tokens", owner.token(),
                body("note", "deploy", "permissions", List.of("projects:read"), "allProjects", true, "expiration", "30d")));
        Instant now = Instant.now();
        move("service_tokens", token.string("id"), now.minus(20, ChronoUnit.DAYS), now.plus(3, ChronoUnit.DAYS));

        notices.scan();
        assertEquals(0, mailTo(owner.email()).size(), "opted out");
        List<MimeMessage> mail = mailTo(coOwner.email());
        assertEquals(1, mail.size());
        assertTrue(mail.get(0).getSubject().startsWith("Your Latchkey service token"), mail.get(0).getSubject());
        assertTrue(GreenMailUtil.getBody(mail.get(0)).contains(DASHBOARD + "/#/w/" + ws.slug() + "/service-users"));

        Reply bad = api.exchange(io.micronaut.http.HttpMethod.PUT, "/api/user/notification-preferences", owner.token(),
                body("expiryEmails", "sometimes"));
        assertEquals(400, bad.status(), bad.text());
    }
}
