package dev.latchkey.app.reliability;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Oversized requests are answered with the status that names the problem, as problem+json. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/version"))
                .header("X-Padding", "p".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        assertTrue(r.body().contains("\"status\":431"), r.body());
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String body = "{\"email\":\"" + "a".repeat(1_100_000) + "\"}";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
    }
}
