package dev.latchkey.app.dashboard;

import com.standardwebhooks.Webhook;
import dev.latchkey.app.notifications.Receiver;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's webhook and notification pages in a real (headless) chromium: a manager adds an
 * endpoint (the secret shown once), sends a test event that a real receiver on loopback gets and
 * verifies with the official Standard Webhooks library, reads the delivery log, retries a delivery,
 * and switches expiry e-mails off.
 */
@ExtendWith(BrowserAvailable.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardNotificationsBrowserTest implements TestPropertyProvider {
    static final String PASSWORD = "correct horse battery staple";
    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    EmbeddedServer server;

    @Inject
    @Client("/")
    HttpClient http;

    Browser browser;
    Receiver receiver;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestDatabase.properties());
        p.put("micronaut.server.port", "-1");
        p.put("latchkey.rate-limits.enabled", "false");
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.poll", "200ms");
        return p;
    }

    @BeforeAll
    void start() {
        browser = new Browser(server.getURL().toString());
        receiver = Receiver.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private String signUpAndCreateWorkspace() {
        String email = "hooks-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.open("#/signup");
        browser.type("#signup-email", email);
        browser.type("#signup-firstName", "Ann");
        browser.type("#signup-lastName", "Lee");
        browser.type("#signup-password", PASSWORD);
        browser.click("#signup-submit");
        browser.find("#ws-form");
        String slug = "hooks-" + UUID.randomUUID().toString().substring(0, 6);
        browser.type("#ws-name", "Hooks");
        browser.type("#ws-slug", slug);
        browser.click("#ws-submit");
        browser.find("#project-form");
        return slug;
    }

    private boolean deliveredShown() {
        return !browser.driver.findElements(org.openqa.selenium.By.cssSelector("#delivery-table [data-status='delivered']")).isEmpty();
    }

    private String sessionToken() {
        return (String) browser.script("return sessionStorage.getItem('latchkey.session')");
    }

    @Test
    void aManagerAddsAnEndpointSendsATestEventReadsTheLogRetriesAndSetsPreferences() throws Exception {
        String slug = signUpAndCreateWorkspace();
        browser.click("#tab-webhooks");
        browser.type("#webhook-url", receiver.url("/from-dashboard"));
        browser.click("#webhook-event-token-created");
        browser.click("#webhook-submit");
        String secret = browser.find("#new-token").getText().trim();
        assertTrue(secret.startsWith("whsec_"), secret);
        browser.click("#copy-token");
        browser.waitForText("#token-dialog .copied", "Copied");
        browser.click("#token-dialog-done");
        browser.waitGone("#token-dialog");
        browser.find("#webhook-table tr[data-webhook-id]");
        browser.screenshot("webhooks");

        browser.click("#webhook-table .webhook-test");
        Receiver.Received test = receiver.next(WAIT);
        assertEquals("/from-dashboard", test.path());
        new Webhook(secret).verify(test.body(), test.headers());
        assertTrue(test.body().contains("webhook.test"));

        browser.click("#webhook-table .webhook-deliveries");
        browser.find("#deliveries-dialog #delivery-table");
        for (int i = 0; i < 50 && !deliveredShown(); i++) {
            Thread.sleep(200);
            browser.click("#deliveries-refresh");
        }
        assertTrue(deliveredShown(), browser.find("#delivery-table").getText());
        browser.click("#delivery-table .show-attempts");
        browser.waitForText("#deliveries-dialog .attempt-log", "HTTP 200");
        browser.screenshot("webhook-deliveries");
        browser.click("#delivery-table .retry-delivery");
        Receiver.Received again = receiver.next(WAIT);
        assertEquals(test.header("webhook-id"), again.header("webhook-id"), "the same message, sent again");
        new Webhook(secret).verify(again.body(), again.headers());
        browser.pressEscape();
        browser.waitGone("#deliveries-dialog");

        browser.route("#/notifications");
        browser.click("#pref-expiry-emails");
        browser.click("#preferences-submit");
        browser.waitForText("#toast", "Preferences saved");
        Map<String, Object> prefs = http.toBlocking().retrieve(HttpRequest.GET("/api/user/notification-preferences")
                .bearerAuth(sessionToken()), Argument.mapOf(String.class, Object.class));
        assertEquals(false, prefs.get("expiryEmails"));
        assertTrue(slug.startsWith("hooks-"));
    }
}
