package dev.latchkey.app.reliability;

import dev.latchkey.app.support.PackagedNode;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, killed with SIGKILL while it is minting tokens, then started again on the same
 * data: every token whose creation was acknowledged works, and every stored token is whole. Runs
 * after packaging (Failsafe), on the suite's database if it is MySQL/MariaDB, else on an embedded
 * H2 file (an in-memory database would not survive the kill).
 */
class CrashSafetyIT {
    private static final String PASSWORD = "crash safety password";
    private final Path dataDir = TestDatabase.scratchDirectory("latchkey-crash");
    private PackagedNode node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.kill();
        }
    }

    private static int status(BlockingHttpClient http, MutableHttpRequest<?> request) {
        try {
            return http.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void aKilledServerLosesNothingAcknowledgedAndLeavesNoHalfWrittenToken() throws Exception {
        node = new PackagedNode(PackagedNode.freePort(), dataDir, Map.of());
        BlockingHttpClient http = node.start();
        String email = "crash-" + UUID.randomUUID() + "@example.com";
        http.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "C", "lastName", "Rash", "password", PASSWORD)));
        String jwt = (String) http.exchange(HttpRequest.POST("/login", Map.of("username", email, "password", PASSWORD)),
                Argument.mapOf(String.class, Object.class)).body().get("access_token");

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            writers.submit(() -> {
                while (!killed.get()) {
                    try {
                        Map<String, Object> created = http.exchange(HttpRequest.POST("/api/user/personal-access-tokens",
                                Map.of("name", "crash", "scopes", List.of("user:read"))).bearerAuth(jwt),
                                Argument.mapOf(String.class, Object.class)).body();
                        acknowledged.put((String) created.get("id"), (String) created.get("token"));
                    } catch (RuntimeException e) {
                        // in flight when the server died: not acknowledged, may or may not be stored
                    }
                }
            });
        }
        Thread.sleep(1500);
        node.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        killed.set(true);
        writers.shutdown();
        writers.awaitTermination(30, TimeUnit.SECONDS);
        assertTrue(acknowledged.size() > 5, "the kill should land amid writes; acknowledged " + acknowledged.size());

        BlockingHttpClient again = node.start();
        String jwtAgain = (String) again.exchange(HttpRequest.POST("/login", Map.of("username", email, "password", PASSWORD)),
                Argument.mapOf(String.class, Object.class)).body().get("access_token");
        for (Map.Entry<String, String> token : acknowledged.entrySet()) {
            assertEquals(200, status(again, HttpRequest.GET("/api/user").bearerAuth(token.getValue())),
                    "acknowledged token " + token.getKey() + " was lost");
        }
        List<Map<String, Object>> stored = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = again.exchange(HttpRequest.GET("/api/user/personal-access-tokens?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor)).bearerAuth(jwtAgain), Argument.mapOf(String.class, Object.class)).body();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            stored.addAll(items);
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertTrue(stored.size() >= acknowledged.size());
        for (Map<String, Object> token : stored) {
            for (String field : List.of("id", "name", "hint", "scopes", "createdAt", "status")) {
                assertNotNull(token.get(field), "a stored token lacks " + field + ": " + token);
            }
            assertEquals("active", token.get("status"));
        }
        System.out.println("[crash] " + acknowledged.size() + " acknowledged, " + stored.size() + " stored after kill -9 on "
                + TestDatabase.kind());
    }
}
