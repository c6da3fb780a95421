package dev.latchkey.app.notifications;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import dev.latchkey.notifications.expiry.ExpiryNotices;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default has no SMTP: an expiry notice goes to the log and the audit trail, once, and
 * raises the {@code token.expiring} webhook (to a receiver on loopback, verified with the official
 * Standard Webhooks library).
 */
@MicronautTest(transactional = false)
class ExpiryLogFallbackTest extends WorkspaceTest {
    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.poll", "100ms");
        return p;
    }

    @Inject
    ExpiryNotices notices;

    @Inject
    DataSource dataSource;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void withoutSmtpTheNoticeIsAuditedWithItsFactsAndNeverTheTokenAndRaisesTheWebhook() throws Exception {
        Receiver receiver = Receiver.start();
        String secret = expect(201, api.post(Api.workspace(ws) + "/webhooks", owner.token(),
                body("url", receiver.url("/expiring"), "events", java.util.List.of("token.expiring")))).string("secret");
        Reply token = expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", "nightly", "grant", Map.of("allProjects", "TESTER"), "expiration", "7d")));
        Instant expiry = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE workspace_tokens SET expires_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(expiry));
            s.setString(2, token.string("id"));
            assertEquals(1, s.executeUpdate());
        }
        io.micrometer.core.instrument.Counter logged = meters.get("latchkey.emails.sent").tag("outcome", "log").counter();
        double loggedBefore = logged.count();
        notices.scan();
        double loggedAfterFirstScan = logged.count();
        notices.scan();
        // the counter has no per-token label (bounded series), and tokens of other tests sharing this
        // database may be due in the same scan: ours is counted, and a second scan counts nothing again
        assertTrue(loggedAfterFirstScan - loggedBefore >= 1, "the notice written to the log is counted");
        assertEquals(loggedAfterFirstScan, logged.count(), "a notice already sent is not counted again");
        Reply audit = expect(200, api.get(Api.workspace(ws) + "/audit-events?action=token.expiring", owner.token()));
        assertEquals(1, audit.items().size(), audit.text());
        String details = (String) audit.items().get(0).get("details");
        assertTrue(details.contains("threshold=7d"), details);
        assertTrue(details.contains("delivery=log"), details);
        assertTrue(details.contains("name=nightly"), details);
        assertTrue(details.contains("hint=" + token.string("hint")), details);
        assertTrue(details.contains("expiresAt=" + expiry), details);
        assertTrue(details.contains(owner.email()), details);
        assertFalse(audit.text().contains(token.string("token")));

        try (receiver) {
            Receiver.Received hook = receiver.next(java.time.Duration.ofSeconds(10));
            new com.standardwebhooks.Webhook(secret).verify(hook.body(), hook.headers());
            assertTrue(hook.body().contains("\"type\":\"token.expiring\""), hook.body());
            assertTrue(hook.body().contains(token.string("id")), hook.body());
            assertFalse(hook.body().contains(token.string("token")));
        }
    }
}
