package dev.latchkey.app.cluster;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
 * Two app nodes on one database, as in a scale-out behind a load balancer: what one node mints
 * works on the other, and what one node revokes or takes away stops on the other within the
 * cache TTL (1 s here) — and on the node that made the change, at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTest {
    private static final Duration TTL = Duration.ofSeconds(1);
    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    private BlockingHttpClient a;
    private BlockingHttpClient b;

    @BeforeAll
    void startTwoNodes() {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", -1);
        props.put("latchkey.tokens.cache-ttl", TTL.toMillis() + "ms");
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
        HttpResponse<Map<String, Object>> r = client.exchange(request, Argument.mapOf(String.class, Object.class));
        return r.body();
    }

    private String signUpAndLogin(BlockingHttpClient client, String email) {
        client.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "N", "lastName", "Ode",
                "password", "two nodes password")));
        return (String) json(client, HttpRequest.POST("/login", Map.of("username", email, "password", "two nodes password")))
                .get("access_token");
    }

    /** Polls until the answer is {@code expected}, at most twice the TTL; returns how long it took. */
    private static Duration until(int expected, IntSupplier call) throws InterruptedException {
        Instant start = Instant.now();
        while (call.getAsInt() != expected) {
            assertTrue(Duration.between(start, Instant.now()).compareTo(TTL.multipliedBy(2).plusMillis(500)) < 0,
                    "not converged within twice the cache TTL");
            Thread.sleep(50);
        }
        return Duration.between(start, Instant.now());
    }

    @Test
    void aTokenMintedOnOneNodeWorksOnTheOtherAndARevocationReachesItWithinTheTtl() throws Exception {
        String email = "nodes-" + UUID.randomUUID() + "@example.com";
        String jwt = signUpAndLogin(a, email);
        Map<String, Object> created = json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "two nodes", "scopes", List.of("user:read"))).bearerAuth(jwt));
        String token = (String) created.get("token");
        assertEquals(200, status(b, HttpRequest.GET("/api/user").bearerAuth(token)), "minted on A, used on B");
        // B has now cached the token; A revokes it
        assertEquals(204, status(a, HttpRequest.DELETE("/api/user/personal-access-tokens/" + created.get("id")).bearerAuth(jwt)));
        assertEquals(401, status(a, HttpRequest.GET("/api/user").bearerAuth(token)), "refused at once on the revoking node");
        until(401, () -> status(b, HttpRequest.GET("/api/user").bearerAuth(token)));
    }

    @Test
    void aLostMembershipReachesTheOtherNodeWithinTheTtl() throws Exception {
        String ownerJwt = signUpAndLogin(a, "owner-" + UUID.randomUUID() + "@example.com");
        String memberEmail = "member-" + UUID.randomUUID() + "@example.com";
        String memberJwt = signUpAndLogin(a, memberEmail);
        String slug = "nodes-" + UUID.randomUUID().toString().substring(0, 8);
        a.exchange(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Nodes")).bearerAuth(ownerJwt));
        Map<String, Object> member = json(a, HttpRequest.POST("/api/workspaces/" + slug + "/members",
                Map.of("email", memberEmail, "role", "ADMIN")).bearerAuth(ownerJwt));
        String token = (String) json(a, HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "member token", "scopes", List.of("workspace:read"))).bearerAuth(memberJwt)).get("token");
        assertEquals(200, status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(token)));
        assertEquals(204, status(a, HttpRequest.DELETE("/api/workspaces/" + slug + "/members/" + member.get("userId")).bearerAuth(ownerJwt)));
        assertEquals(404, status(a, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(token)));
        until(404, () -> status(b, HttpRequest.GET("/api/workspaces/" + slug).bearerAuth(token)));
    }

    @Test
    void aLogoutAndAPasswordChangeEndSessionsOnTheOtherNodeWithinTheTtl() throws Exception {
        String email = "sessions-" + UUID.randomUUID() + "@example.com";
        String first = signUpAndLogin(a, email);
        String second = (String) json(b, HttpRequest.POST("/login", Map.of("username", email,
                "password", "two nodes password"))).get("access_token");
        String third = (String) json(a, HttpRequest.POST("/login", Map.of("username", email,
                "password", "two nodes password"))).get("access_token");
        assertEquals(200, status(b, HttpRequest.GET("/api/user").bearerAuth(first)), "B has the sessions cached");
        assertEquals(200, status(b, HttpRequest.GET("/api/user").bearerAuth(third)));

        assertEquals(204, status(a, HttpRequest.POST("/api/user/logout", "").bearerAuth(first)));
        assertEquals(401, status(a, HttpRequest.GET("/api/user").bearerAuth(first)), "ended at once on the node that ended it");
        until(401, () -> status(b, HttpRequest.GET("/api/user").bearerAuth(first)));

        assertEquals(204, status(b, HttpRequest.POST("/api/user/password", Map.of("current", "two nodes password",
                "new", "a new two nodes password")).bearerAuth(second)));
        assertEquals(401, status(b, HttpRequest.GET("/api/user").bearerAuth(third)), "ended at once on the changing node");
        until(401, () -> status(a, HttpRequest.GET("/api/user").bearerAuth(third)));
        assertEquals(200, status(a, HttpRequest.GET("/api/user").bearerAuth(second)), "the changing session stays");
    }
}
