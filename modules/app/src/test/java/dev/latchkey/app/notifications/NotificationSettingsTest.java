package dev.latchkey.app.notifications;

import dev.latchkey.notifications.expiry.MailSettings;
import dev.latchkey.notifications.expiry.NotificationSettings;
import dev.latchkey.notifications.webhooks.WebhookSettings;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed settings of docs/notifications.md: configured values arrive, unset ones keep the documented defaults. */
class NotificationSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        try (ApplicationContext context = ApplicationContext.run(new HashMap<>(TestDatabase.properties()))) {
            MailSettings mail = context.getBean(MailSettings.class);
            assertNull(mail.host());
            assertFalse(mail.configured(), "no SMTP: the log and the audit trail");
            assertEquals(587, mail.port());
            assertTrue(mail.starttls());
            assertEquals("latchkey@localhost", mail.from());
            NotificationSettings notifications = context.getBean(NotificationSettings.class);
            assertEquals("http://localhost:8080", notifications.dashboardUrl());
            assertEquals(Duration.ofHours(1), notifications.expiryScan());
            WebhookSettings hooks = context.getBean(WebhookSettings.class);
            assertFalse(hooks.allowPrivate());
            assertEquals(Duration.ofSeconds(1), hooks.poll());
            assertEquals(Duration.ofSeconds(5), hooks.connectTimeout());
            assertEquals(Duration.ofSeconds(10), hooks.timeout());
            assertEquals(8, hooks.maxAttempts());
            assertEquals(Duration.ofSeconds(30), hooks.initialBackoff());
            assertEquals(Duration.ofHours(6), hooks.maxBackoff());
        }
    }

    @Test
    void configuredValuesArriveAndThePasswordIsNeverPrinted() {
        Map<String, Object> p = new HashMap<>(TestDatabase.properties());
        p.put("latchkey.mail.host", "smtp.example.com");
        p.put("latchkey.mail.port", "2525");
        p.put("latchkey.mail.username", "mailer");
        p.put("latchkey.mail.password", "s3cret-smtp-password");
        p.put("latchkey.mail.from", "Latchkey <noreply@example.com>");
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.initial-backoff", "10s");
        p.put("latchkey.webhooks.max-backoff", "1m");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            MailSettings mail = context.getBean(MailSettings.class);
            assertTrue(mail.configured());
            assertEquals(2525, mail.port());
            assertEquals("noreply@example.com", mail.sender().getAddress());
            assertEquals("Latchkey", mail.sender().getPersonal());
            assertFalse(mail.toString().contains("s3cret-smtp-password"), mail.toString());
            WebhookSettings hooks = context.getBean(WebhookSettings.class);
            assertTrue(hooks.allowPrivate());
            // doubling after each failure, capped
            assertEquals(Duration.ofSeconds(10), hooks.backoffAfter(1));
            assertEquals(Duration.ofSeconds(20), hooks.backoffAfter(2));
            assertEquals(Duration.ofSeconds(40), hooks.backoffAfter(3));
            assertEquals(Duration.ofMinutes(1), hooks.backoffAfter(4));
            assertEquals(Duration.ofMinutes(1), hooks.backoffAfter(30));
        }
    }
}
