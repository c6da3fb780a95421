package dev.latchkey.app.notifications;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end against a real HTTP receiver on loopback ({@code allow-private} on, as only a
 * test may): Standard Webhooks signatures checked with the official library, retries with backoff
 * and their log, the test event, manual retry, rotation, no redirects, tenancy.
 */
@MicronautTest(transactional = false)
class WebhooksTest extends WorkspaceTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    JsonMapper json;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** {@code latchkey_webhook_deliveries_total{result}} as the scrape shows it. */
    private double deliveries(String result) {
        return meters.get("latchkey.webhook.deliveries").tag("result", result).counter().count();
    }

    Receiver receiver;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = super.getProperties();
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.poll", "100ms");
        p.put("latchkey.webhooks.initial-backoff", "1s");
        p.put("latchkey.webhooks.max-attempts", "3");
        p.put("latchkey.webhooks.timeout", "3s");
        return p;
    }

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String hooks() {
        return Api.workspace(ws) + "/webhooks";
    }

    private Reply createHook(List<String> events) {
        return expect(201, api.post(hooks(), owner.token(), body("url", receiver.url("/hooks"), "events", events)));
    }

    private Reply createWorkspaceToken() {
        return expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", "deploy", "grant", Map.of("allProjects", "TESTER"))));
    }

    private Map<String, Object> parse(String text) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.readValue(text, Map.class);
            return map;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void verify(String secret, Receiver.Received r) throws WebhookVerificationException {
        new Webhook(secret).verify(r.body(), r.headers());
    }

    private Reply waitForDelivery(String hookId, Predicate<Map<String, Object>> done) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            Reply list = expect(200, api.get(hooks() + "/" + hookId + "/deliveries", owner.token()));
            if (!list.items().isEmpty() && done.test(list.items().get(0))) {
                return expect(200, api.get(hooks() + "/" + hookId + "/deliveries/" + list.items().get(0).get("id"),
                        owner.token()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no delivery reached the expected state within " + WAIT);
    }

    @Test
    void anEventArrivesSignedAsTheOfficialLibraryVerifiesAndTheSecretIsShownOnce() throws Exception {
        Reply hook = createHook(List.of("token.created", "member.added"));
        String secret = hook.string("secret");
        assertTrue(secret.startsWith("whsec_"), secret);
        Reply shown = expect(200, api.get(hooks() + "/" + hook.string("id"), owner.token()));
        assertFalse(shown.text().contains(secret), "the secret is shown once");
        assertFalse(expect(200, api.get(hooks(), owner.token())).text().contains("whsec_"));

        Reply token = createWorkspaceToken();
        Receiver.Received r = receiver.next(WAIT);
        assertEquals("/hooks", r.path());
        assertEquals("application/json", r.header("content-type"));
        verify(secret, r);
        assertTrue(r.header("webhook-id").startsWith("msg_"));
        assertTrue(Math.abs(Long.parseLong(r.header("webhook-timestamp")) - Instant.now().getEpochSecond()) < 60);
        Map<String, Object> payload = parse(r.body());
        assertEquals("token.created", payload.get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) payload.get("data");
        assertEquals(ws.id(), data.get("workspaceId"));
        assertEquals(Map.of("type", "token", "id", token.string("id")), data.get("target"));
        assertEquals("workspace", data.get("tokenKind"));
        assertFalse(r.body().contains(token.string("token")), "never the token itself");

        // a wrong secret or a changed body does not verify: the library really checks
        assertThrows(WebhookVerificationException.class, () -> verify("whsec_" + java.util.Base64.getEncoder()
                .encodeToString(new byte[32]), r));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(r.body() + " ", r.headers()));

        // an event the endpoint did not choose is not sent
        expect(204, api.delete(Api.workspace(ws) + "/tokens/" + token.string("id"), owner.token()));
        assertFalse(receiver.getsAnother(Duration.ofSeconds(1)), "token.revoked was not chosen");

        Reply delivered = waitForDelivery(hook.string("id"), d -> "delivered".equals(d.get("state")));
        assertEquals(200, delivered.get("lastStatus"));
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndEveryAttemptIsLoggedWithItsStatus() throws Exception {
        Reply hook = createHook(List.of("token.created"));
        receiver.answer(500, 503);
        double retryingBefore = deliveries("retrying");
        double deliveredBefore = deliveries("delivered");
        createWorkspaceToken();
        Receiver.Received first = receiver.next(WAIT);
        Receiver.Received second = receiver.next(WAIT);
        Receiver.Received third = receiver.next(WAIT);
        assertEquals(first.header("webhook-id"), third.header("webhook-id"), "one message, retried");
        assertEquals(first.body(), second.body());
        verify(hook.string("secret"), third);

        Reply delivery = waitForDelivery(hook.string("id"), d -> "delivered".equals(d.get("state")));
        assertEquals(3, delivery.get("attempts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> log = (List<Map<String, Object>>) delivery.get("attemptLog");
        assertEquals(List.of(500, 503, 200), log.stream().map(a -> a.get("statusCode")).toList());
        // other tests' deliveries may still be under way: at least this one's attempts are counted
        assertTrue(deliveries("retrying") - retryingBefore >= 2, "the two failed attempts are counted as retrying");
        assertTrue(deliveries("delivered") - deliveredBefore >= 1, "the third attempt is counted as delivered");
        // exponential: the second wait is longer than the first
        Instant t1 = Instant.parse((String) log.get(0).get("attemptedAt"));
        Instant t2 = Instant.parse((String) log.get(1).get("attemptedAt"));
        Instant t3 = Instant.parse((String) log.get(2).get("attemptedAt"));
        assertTrue(Duration.between(t1, t2).toMillis() >= 1000, t1 + " " + t2);
        assertTrue(Duration.between(t2, t3).toMillis() >= 2000, "doubled: " + t1 + " " + t2 + " " + t3);
    }

    @Test
    void afterTheLastAttemptTheDeliveryFailsAndAManualRetrySendsItAgain() throws Exception {
        Reply hook = createHook(List.of("token.created"));
        receiver.answer(500, 500, 500);
        double failedBefore = deliveries("failed");
        createWorkspaceToken();
        Reply failed = waitForDelivery(hook.string("id"), d -> "failed".equals(d.get("state")));
        assertTrue(deliveries("failed") - failedBefore >= 1, "giving up is counted as failed");
        assertEquals(3, failed.get("attempts"));
        assertEquals(500, failed.get("lastStatus"));
        for (int i = 0; i < 3; i++) {
            receiver.next(WAIT);
        }
        Reply retried = api.post(hooks() + "/" + hook.string("id") + "/deliveries/" + failed.string("id") + "/retry",
                owner.token(), Map.of());
        assertEquals(202, retried.status(), retried.text());
        assertEquals("pending", retried.string("state"));
        verify(hook.string("secret"), receiver.next(WAIT));
        assertEquals("delivered", waitForDelivery(hook.string("id"), d -> "delivered".equals(d.get("state"))).string("state"));
    }

    @Test
    void theTestEventIsSentAndARotatedSecretSignsBesideTheOldOneForTheOverlap() throws Exception {
        Reply hook = createHook(List.of("member.removed"));
        String id = hook.string("id");
        Reply queued = api.post(hooks() + "/" + id + "/test", owner.token(), Map.of());
        assertEquals(202, queued.status(), queued.text());
        Receiver.Received test = receiver.next(WAIT);
        verify(hook.string("secret"), test);
        assertEquals("webhook.test", parse(test.body()).get("type"));

        Reply rotated = expect(200, api.post(hooks() + "/" + id + "/rotate-secret", owner.token(), Map.of()));
        String newSecret = rotated.string("secret");
        assertTrue(newSecret.startsWith("whsec_") && !newSecret.equals(hook.string("secret")));
        assertTrue(rotated.string("previousSecretValidUntil") != null);
        expect(202, api.post(hooks() + "/" + id + "/test", owner.token(), Map.of()));
        Receiver.Received after = receiver.next(WAIT);
        verify(newSecret, after);
        verify(hook.string("secret"), after);
        assertEquals(2, after.header("webhook-signature").split(" ").length);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        Reply hook = createHook(List.of("token.created"));
        receiver.redirectTo(receiver.url("/moved"));
        receiver.answer(302, 302, 302);
        createWorkspaceToken();
        assertEquals("/hooks", receiver.next(WAIT).path());
        Reply delivery = waitForDelivery(hook.string("id"), d -> Integer.valueOf(302).equals(d.get("lastStatus")));
        assertEquals("pending", delivery.string("state"), "a redirect is not a delivery");
        Receiver.Received next = receiver.next(WAIT);
        assertEquals("/hooks", next.path(), "the retry goes to the endpoint again, never to the Location");
    }

    @Test
    void badInputIsA400NamingTheField() {
        Reply unknownEvent = api.post(hooks(), owner.token(), body("url", receiver.url("/h"), "events", List.of("token.eaten")));
        assertEquals(400, unknownEvent.status());
        assertEquals("events", unknownEvent.string("field"), unknownEvent.text());
        Reply noEvents = api.post(hooks(), owner.token(), body("url", receiver.url("/h"), "events", List.of()));
        assertEquals("events", noEvents.string("field"), noEvents.text());
        for (String url : List.of("ftp://hooks.example.com/x", "file:///etc/passwd", "hooks.example.com/x", "",
                "http://user:pw@hooks.example.com/")) {
            Reply bad = api.post(hooks(), owner.token(), body("url", url, "events", List.of("token.created")));
            assertEquals(400, bad.status(), url);
            assertEquals("url", bad.string("field"), url + ": " + bad.text());
            assertTrue(bad.contentType().startsWith("application/problem+json"));
        }
        Reply missing = api.post(hooks(), owner.token(), body("events", List.of("token.created")));
        assertEquals("url", missing.string("field"), missing.text());
        Reply notABoolean = api.post(hooks(), owner.token(), body("url", receiver.url("/h"), "events",
                List.of("token.created"), "enabled", "yes"));
        assertEquals(400, notABoolean.status(), notABoolean.text());
        assertEquals("enabled", notABoolean.string("field"), notABoolean.text());
    }

    @Test
    void onlyThoseWhoManageTheWorkspaceSeeOrChangeItsWebhooks() {
        Reply hook = createHook(List.of("token.created"));
        String one = hooks() + "/" + hook.string("id");
        Api.Session member = api.newMember(owner, ws, "MEMBER", null);
        assertEquals(403, api.get(hooks(), member.token()).status());
        assertEquals(403, api.post(hooks(), member.token(), body("url", receiver.url("/x"), "events",
                List.of("token.created"))).status());
        Api.Session stranger = api.newUser();
        assertEquals(404, api.get(one, stranger.token()).status());
        Api.Workspace other = api.createWorkspace(stranger);
        // another workspace's id never finds this endpoint
        assertEquals(404, api.get(Api.workspace(other) + "/webhooks/" + hook.string("id"), stranger.token()).status());
        assertEquals(404, api.delete(Api.workspace(other) + "/webhooks/" + hook.string("id"), stranger.token()).status());
        expect(200, api.get(one, owner.token()));
        // changes are audited
        Reply audit = expect(200, api.get(Api.workspace(ws) + "/audit-events?action=webhook.created", owner.token()));
        assertEquals(1, audit.items().size(), audit.text());
        assertNull(null);
    }
}
