package dev.latchkey.app.reliability;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rotating the pepper without downtime: nodes restarted with a new pepper and the old one in
 * {@code latchkey.tokens.old-peppers} still accept every token; each is re-keyed at its first use,
 * after which even a node that knows only the new pepper accepts it.
 */
class PepperRotationTest {
    private static final String OLD = "the pepper before the rotation 0123456789";
    private static final String NEW = "the pepper after the rotation 9876543210";

    private static EmbeddedServer node(String pepper, String oldPeppers) {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", -1);
        props.put("latchkey.tokens.pepper", pepper);
        props.put("latchkey.tokens.old-peppers", oldPeppers);
        return ApplicationContext.run(EmbeddedServer.class, props);
    }

    private static int status(BlockingHttpClient client, MutableHttpRequest<?> request) {
        try {
            return client.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void tokensMintedUnderTheOldPepperKeepWorkingAndAreReKeyedAtFirstUse() {
        String token;
        try (EmbeddedServer before = node(OLD, "")) {
            BlockingHttpClient http = before.getApplicationContext().createBean(HttpClient.class, before.getURL()).toBlocking();
            String email = "pepper-" + UUID.randomUUID() + "@example.com";
            http.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "P", "lastName", "R",
                    "password", "rotation password 1")));
            String jwt = (String) http.exchange(HttpRequest.POST("/login", Map.of("username", email, "password", "rotation password 1")),
                    Argument.mapOf(String.class, Object.class)).body().get("access_token");
            token = (String) http.exchange(HttpRequest.POST("/api/user/personal-access-tokens",
                    Map.of("name", "rotated", "scopes", List.of("user:read"))).bearerAuth(jwt),
                    Argument.mapOf(String.class, Object.class)).body().get("token");
        }
        try (EmbeddedServer newOnly = node(NEW, "")) {
            BlockingHttpClient http = newOnly.getApplicationContext().createBean(HttpClient.class, newOnly.getURL()).toBlocking();
            assertEquals(401, status(http, HttpRequest.GET("/api/user").bearerAuth(token)), "the new pepper alone cannot know it yet");
        }
        try (EmbeddedServer during = node(NEW, OLD)) {
            BlockingHttpClient http = during.getApplicationContext().createBean(HttpClient.class, during.getURL()).toBlocking();
            assertEquals(200, status(http, HttpRequest.GET("/api/user").bearerAuth(token)));
        }
        try (EmbeddedServer after = node(NEW, "")) {
            BlockingHttpClient http = after.getApplicationContext().createBean(HttpClient.class, after.getURL()).toBlocking();
            assertEquals(200, status(http, HttpRequest.GET("/api/user").bearerAuth(token)), "re-keyed to the new pepper");
        }
    }
}
