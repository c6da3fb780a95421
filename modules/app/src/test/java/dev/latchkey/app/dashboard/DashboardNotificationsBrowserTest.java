package dev.latchkey.app.dashboard;

import com.standardwebhooks.Webhook;
import dev.latchkey.app.notifications.Receiver;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

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
class DashboardNotificationsBrowserTest extends BrowserTestBase {
    static final Duration WAIT = Duration.ofSeconds(15);

    Receiver receiver;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.poll", "200ms");
        return p;
    }

    @BeforeAll
    void startReceiver() {
        receiver = Receiver.start();
    }

    @AfterAll
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private boolean deliveredShown() {
        return !browser.driver.findElements(org.openqa.selenium.By.cssSelector("#delivery-table [data-status='delivered']")).isEmpty();
    }

    @Test
    void aManagerAddsAnEndpointSendsATestEventReadsTheLogRetriesAndSetsPreferences() throws Exception {
        signUpAndLogIn("hooks");
        String slug = createWorkspace("Hooks");
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
