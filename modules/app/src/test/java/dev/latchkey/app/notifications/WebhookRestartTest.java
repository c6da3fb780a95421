package dev.latchkey.app.notifications;

import com.standardwebhooks.Webhook;
import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that is down loses no event: the node tries, fails, stops; the receiver comes up; a
 * new node on the same database delivers the persisted delivery, signed as before.
 */
class WebhookRestartTest {
    private static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(TestDatabase.properties());
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.http.client.exception-on-error-status", "false");
        p.put("latchkey.webhooks.allow-private", "true");
        p.put("latchkey.webhooks.poll", "100ms");
        p.put("latchkey.webhooks.initial-backoff", "1s");
        p.put("latchkey.webhooks.connect-timeout", "1s");
        p.put("latchkey.webhooks.timeout", "2s");
        return p;
    }

    private static Api api(EmbeddedServer server) {
        ApplicationContext ctx = server.getApplicationContext();
        return new Api(ctx.createBean(HttpClient.class, server.getURL()), ctx.getBean(JsonMapper.class));
    }

    @Test
    void aDeliveryToAReceiverThatIsDownIsSentByTheNextNodeAfterARestart() throws Exception {
        int port = Receiver.freePort();
        String prefix = Receiver.newPrefix();
        String deliveries;
        String secret;
        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, properties())) {
            Api api = api(first);
            Api.Session owner = api.newUser();
            Api.Workspace ws = api.createWorkspace(owner);
            Reply hook = expect(201, api.post(Api.workspace(ws) + "/webhooks", owner.token(),
                    body("url", "http://127.0.0.1:" + port + prefix + "/down", "events", List.of("member.added"))));
            secret = hook.string("secret");
            deliveries = Api.workspace(ws) + "/webhooks/" + hook.string("id") + "/deliveries";
            api.newMember(owner, ws, "MEMBER", null);
            // the first attempt fails (nobody listens) and is logged without a status code
            Map<String, Object> failed = awaitFirst(api, deliveries, owner, d -> ((Number) d.get("attempts")).intValue() >= 1);
            assertEquals("pending", failed.get("state"));
            assertEquals(null, failed.get("lastStatus"));
            assertNotNull(failed.get("lastError"));
            first.stop();
            first.getApplicationContext().stop();
        }
        try (Receiver receiver = Receiver.startOn(port, prefix);
             EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, properties())) {
            Receiver.Received r = receiver.next(Duration.ofSeconds(30));
            assertEquals("/down", r.path());
            new Webhook(secret).verify(r.body(), r.headers());
            assertTrue(r.body().contains("\"type\":\"member.added\""), r.body());
            second.stop();
        }
    }

    private static Map<String, Object> awaitFirst(Api api, String path, Api.Session owner,
                                                  java.util.function.Predicate<Map<String, Object>> done) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(end)) {
            Reply list = expect(200, api.get(path, owner.token()));
            if (!list.items().isEmpty() && done.test(list.items().get(0))) {
                return list.items().get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no attempt within 15 s");
    }
}
