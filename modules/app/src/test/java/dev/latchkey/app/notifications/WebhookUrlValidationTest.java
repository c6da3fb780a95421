package dev.latchkey.app.notifications;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.latchkey.app.support.Api.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code latchkey.webhooks.allow-private} off (the default), URLs to private, loopback and
 * link-local addresses are refused by validation; nothing here is ever delivered (no event is raised
 * after the endpoints are saved), so no request leaves this machine.
 */
@MicronautTest(transactional = false)
class WebhookUrlValidationTest extends WorkspaceTest {

    @Test
    void privateLoopbackAndLinkLocalAddressesAreA400NamingTheUrl() {
        for (String url : List.of("http://127.0.0.1:8080/h", "http://localhost/h", "http://LOCALHOST./h",
                "http://10.1.2.3/h", "http://172.16.0.9/h", "http://192.168.1.1/h", "http://169.254.169.254/latest",
                "http://[::1]/h", "http://[fe80::1]/h", "http://[fd00::1]/h", "http://0.0.0.0/h", "http://100.64.0.1/h",
                "http://[::ffff:127.0.0.1]/h", "http://printer.local/h", "http://metadata.google.internal/x")) {
            Reply refused = api.post(Api.workspace(ws) + "/webhooks", owner.token(),
                    body("url", url, "events", List.of("token.created")));
            assertEquals(400, refused.status(), url + ": " + refused.text());
            assertEquals("url", refused.string("field"), url);
            assertTrue(refused.contentType().startsWith("application/problem+json"), url);
        }
    }

    @Test
    void aPublicAddressIsAccepted() {
        Reply created = api.post(Api.workspace(ws) + "/webhooks", owner.token(),
                body("url", "https://203.0.113.10/hooks", "events", List.of("policy.updated")));
        assertEquals(201, created.status(), created.text());
        // and a change to a private one is refused the same way
        Reply moved = api.patch(Api.workspace(ws) + "/webhooks/" + created.string("id"), owner.token(),
                body("url", "http://10.0.0.1/"));
        assertEquals(400, moved.status());
        assertEquals("url", moved.string("field"));
    }
}
