package dev.latchkey.app.governance;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governance decisions reach the other node within a second through the invalidation journal,
 * with a cache TTL far above that: a PAT cut off from a workspace on node A stops reaching it on
 * node B, and an approval on A lets the pending token work on B.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceTwoNodesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    private BlockingHttpClient a;
    private BlockingHttpClient b;

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", -1);
        props.put("latchkey.tokens.cache-ttl", "60000ms");
        nodeA = ApplicationContext.run(EmbeddedServer.class, props);
        nodeB = ApplicationContext.run(EmbeddedServer.class, props);
        a = nodeA.getApplicationContext().createBean(HttpClient.class, nodeA.getURL()).toBlocking();
        b = nodeB.getApplicationContext().createBean(HttpClient.class, nodeB.getURL()).toBlocking();
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    private static int status(BlockingHttpClient client, MutableHttpRequest<?> request) {
        try {
            return client.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private static Map<String, Object> json(BlockingHttpClient client, MutableHttpRequest<?> request) {
        return client.exchange(request, Argument.mapOf(String.class, Object.class)).body();
    }

    private String login(String email) {
        a.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "N", "lastName", "Ode",
                "password", "two nodes password")));
        return (String) json(a, HttpRequest.POST("/login", Map.of("username", email, "password", "two nodes password")))
                .get("access_token");
    }

    private static void until(Instant since, int expected, IntSupplier call) throws InterruptedException {
        while (call.getAsInt() != expected) {
            assertTrue(Duration.between(since, Instant.now()).compareTo(DEADLINE) < 0, "not converged within " + DEADLINE);
            Thread.sleep(10);
        }
    }

    @Test
    void aCutOffAndAnApprovalOnOneNodeReachTheOtherWithinASecond() throws Exception {
        String owner = login("gov-a-" + UUID.randomUUID() + "@example.com");
        String memberEmail = "gov-b-" + UUID.randomUUID() + "@example.com";
        String member = login(memberEmail);
        String slug = "gov2-" + UUID.randomUUID().toString().substring(0, 8);
        a.exchange(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Two")).bearerAuth(owner));
        a.exchange(HttpRequest.POST("/api/workspaces/" + slug + "/members", Map.of("email", memberEmail, "role", "MEMBER"))
                .bearerAuth(owner));
        Map<String, Object> free = json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "free", "scopes", List.of("workspace:read"))).bearerAuth(member));
        String freeToken = (String) free.get("token");
        assertEquals(200, status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(freeToken)), "cached on B");

        Instant cut = Instant.now();
        json(a, HttpRequest.POST("/api/workspaces/" + slug + "/credentials/revoke", Map.of("ids", List.of(free.get("id"))))
                .bearerAuth(owner));
        until(cut, 404, () -> status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(freeToken)));

        a.exchange(HttpRequest.PUT("/api/workspaces/" + slug + "/token-policy",
                Map.of("requireApprovalForPersonalTokens", true)).bearerAuth(owner));
        Map<String, Object> limited = json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "limited", "scopes", List.of("workspace:read"), "workspace", slug)).bearerAuth(member));
        String limitedToken = (String) limited.get("token");
        assertEquals(403, status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(limitedToken)), "pending, cached on B");
        Instant approved = Instant.now();
        json(a, HttpRequest.POST("/api/workspaces/" + slug + "/token-requests/" + limited.get("id") + "/approve", Map.of())
                .bearerAuth(owner));
        until(approved, 200, () -> status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(limitedToken)));
    }
}
