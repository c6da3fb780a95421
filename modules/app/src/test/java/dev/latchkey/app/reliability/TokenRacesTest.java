package dev.latchkey.app.reliability;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revocation and regeneration racing the token's own use and each other, on one node. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRacesTest implements TestPropertyProvider {
    private static final String TOKENS = "/api/user/personal-access-tokens";

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    private int status(MutableHttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private Map<String, Object> json(MutableHttpRequest<?> request) {
        return http.toBlocking().exchange(request, Argument.mapOf(String.class, Object.class)).body();
    }

    private String session() {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        http.toBlocking().exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "R", "lastName", "Ace",
                "password", "racing password 1")));
        return (String) json(HttpRequest.POST("/login", Map.of("username", email, "password", "racing password 1"))).get("access_token");
    }

    @Test
    void onceARevokeHasAnsweredNoLaterUseSucceeds() throws Exception {
        String jwt = session();
        Map<String, Object> created = json(HttpRequest.POST(TOKENS, Map.of("name", "race", "scopes", List.of("user:read"))).bearerAuth(jwt));
        String token = (String) created.get("token");
        AtomicLong revokedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong uses = new AtomicLong();
        ExecutorService users = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            running.add(users.submit(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    int code = status(HttpRequest.GET("/api/user").bearerAuth(token));
                    uses.incrementAndGet();
                    if (code == 200 && started > revokedAt.get()) {
                        violations.add("a use started " + (started - revokedAt.get()) / 1000 + " µs after the revoke answered succeeded");
                    }
                }
            }));
        }
        Thread.sleep(500);
        assertEquals(204, status(HttpRequest.DELETE(TOKENS + "/" + created.get("id")).bearerAuth(jwt)));
        revokedAt.set(System.nanoTime());
        Thread.sleep(1000);
        stop.set(true);
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS);
        }
        users.shutdown();
        assertTrue(uses.get() > 20, "the race needs traffic: " + uses.get());
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void concurrentRegeneratesAndARevokeNeverLeaveTwoLiveSecrets() throws Exception {
        String jwt = session();
        Map<String, Object> created = json(HttpRequest.POST(TOKENS, Map.of("name", "race", "scopes", List.of("user:read"))).bearerAuth(jwt));
        String id = (String) created.get("id");
        ConcurrentLinkedQueue<String> secrets = new ConcurrentLinkedQueue<>();
        secrets.add((String) created.get("token"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> {
                try {
                    Map<String, Object> r = json(HttpRequest.POST(TOKENS + "/" + id + "/regenerate", Map.of()).bearerAuth(jwt));
                    secrets.add((String) r.get("token"));
                } catch (HttpClientResponseException e) {
                    assertTrue(e.getStatus().getCode() == 409, "a regenerate failed with " + e.getStatus());
                }
            }));
        }
        for (Future<?> f : calls) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long live = secrets.stream().filter(s -> status(HttpRequest.GET("/api/user").bearerAuth(s)) == 200).count();
        assertEquals(1, live, "exactly one of " + secrets.size() + " secrets may work");

        assertEquals(204, status(HttpRequest.DELETE(TOKENS + "/" + id).bearerAuth(jwt)));
        assertEquals(0, secrets.stream().filter(s -> status(HttpRequest.GET("/api/user").bearerAuth(s)) == 200).count());
    }
}
