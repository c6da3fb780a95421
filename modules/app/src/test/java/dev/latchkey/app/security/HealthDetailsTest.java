package dev.latchkey.app.security;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, class "internals in /health": the public listener's {@code /health} shows the status
 * only; the details (JDBC URL, database product) are for the operators, on a management port that
 * only their network reaches, with the two settings docs/security.md prints.
 */
class HealthDetailsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void thePublicHealthShowsTheStatusOnly() throws Exception {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", "-1");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            HttpResponse<String> health = get(server.getPort(), "/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
            assertFalse(health.body().contains("jdbc:"), health.body());
            assertFalse(health.body().matches("(?s).*\"details\"\\s*:\\s*\\{.*"), health.body());
        }
    }

    @Test
    void theDetailsAreOnTheManagementPortWhenAnOperatorAsks() throws Exception {
        int management = freePort();
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", "-1");
        // the operator's settings, as docs/security.md prints them
        props.put("endpoints.all.port", String.valueOf(management));
        props.put("endpoints.health.details-visible", "ANONYMOUS");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            HttpResponse<String> details = get(management, "/health");
            assertEquals(200, details.statusCode(), details.body());
            assertTrue(details.body().contains("\"details\""), details.body());
            assertTrue(details.body().contains("jdbc"), details.body());
            // and the public listener no longer answers for the management endpoints
            assertEquals(404, get(server.getPort(), "/health").statusCode());
        }
    }
}
