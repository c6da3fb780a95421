package dev.latchkey.app.governance;

import dev.latchkey.app.config.SettableClock;
import dev.latchkey.app.security.LastUseFlusher;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
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

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code revokeUnusedAfterDays} on two nodes sharing one database and one (settable) clock: per run
 * exactly one node does the work, the other finds the lock row taken; tokens unused for the
 * policy's days (never-used ones from their creation) are revoked and audited
 * {@code token.revoked_unused}; a token used in time, and a PAT not bound to the workspace, are not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusedTokenCleanupTest {
    private static final SettableClock CLOCK = SettableClock.SHARED;
    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    private BlockingHttpClient a;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", -1);
        props.put(SettableClock.PROPERTY, "true");
        CLOCK.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        nodeA = ApplicationContext.run(EmbeddedServer.class, props);
        nodeB = ApplicationContext.run(EmbeddedServer.class, props);
        a = nodeA.getApplicationContext().createBean(HttpClient.class, nodeA.getURL()).toBlocking();
        // a run of an earlier test JVM on this database may hold the lease: give it back
        sql("UPDATE scheduled_job_locks SET locked_until = ? WHERE name = 'unused-token-cleanup'",
                java.sql.Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")));
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    private void sql(String statement, Object... args) throws Exception {
        DataSource ds = DelegatingDataSource.unwrapDataSource(nodeA.getApplicationContext().getBean(DataSource.class));
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private long auditCount(String action, String workspaceId) throws Exception {
        DataSource ds = DelegatingDataSource.unwrapDataSource(nodeA.getApplicationContext().getBean(DataSource.class));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_events WHERE action = '" + action
                     + "' AND workspace_id = '" + workspaceId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int status(MutableHttpRequest<?> request) {
        try {
            return a.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private Map<String, Object> json(MutableHttpRequest<?> request) {
        return a.exchange(request, Argument.mapOf(String.class, Object.class)).body();
    }

    /** Both nodes run at once; returns what each answered. */
    private List<Integer> runOnBothNodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> runs = List.of(
                    () -> nodeA.getApplicationContext().getBean(UnusedTokenCleanup.class).run(),
                    () -> nodeB.getApplicationContext().getBean(UnusedTokenCleanup.class).run());
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(runs)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneNodeRevokesTokensUnusedForThePolicysDaysAndAuditsThem() throws Exception {
        String email = "cleanup-" + UUID.randomUUID() + "@example.com";
        a.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "C", "lastName", "Lean",
                "password", "cleanup password 1")));
        String jwt = (String) json(HttpRequest.POST("/login", Map.of("username", email, "password", "cleanup password 1")))
                .get("access_token");
        String slug = "clean-" + UUID.randomUUID().toString().substring(0, 8);
        String wsId = (String) json(HttpRequest.POST("/api/workspaces", Map.of("slug", slug, "name", "Clean")).bearerAuth(jwt)).get("id");
        String path = "/api/workspaces/" + slug;
        String idle = (String) json(HttpRequest.POST(path + "/tokens", Map.of("name", "idle", "expiration", "90d",
                "grant", Map.of("allProjects", "OWNER"))).bearerAuth(jwt)).get("token");
        String used = (String) json(HttpRequest.POST(path + "/tokens", Map.of("name", "used", "expiration", "90d",
                "grant", Map.of("allProjects", "OWNER"))).bearerAuth(jwt)).get("token");
        String serviceUser = (String) json(HttpRequest.POST(path + "/service-users", Map.of("firstName", "Idle", "lastName", "Bot"))
                .bearerAuth(jwt)).get("id");
        String idleService = (String) json(HttpRequest.POST("/api/users/service/" + serviceUser + "/personal-access-tokens",
                Map.of("note", "idle", "permissions", List.of("projects:read"), "allProjects", true, "expiration", "90d"))
                .bearerAuth(jwt)).get("token");
        String limitedPat = (String) json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "limited",
                "scopes", List.of("workspace:read"), "workspace", slug, "expiration", "90d")).bearerAuth(jwt)).get("token");
        String freePat = (String) json(HttpRequest.POST("/api/user/personal-access-tokens", Map.of("name", "free",
                "scopes", List.of("workspace:read"), "expiration", "90d")).bearerAuth(jwt)).get("token");
        assertEquals(200, status(HttpRequest.PUT(path + "/token-policy", Map.of("revokeUnusedAfterDays", 30)).bearerAuth(jwt)));

        CLOCK.advance(Duration.ofDays(29));
        List<Integer> early = runOnBothNodes();
        assertTrue(early.contains(-1), "one node found the run taken: " + early);
        assertTrue(early.contains(0), "the other ran and found nothing unused for 30 days yet: " + early);

        CLOCK.advance(Duration.ofDays(2));
        assertEquals(200, status(HttpRequest.GET(path + "/projects").bearerAuth(used)));
        nodeA.getApplicationContext().getBean(LastUseFlusher.class).flush();
        List<Integer> due = runOnBothNodes();
        assertTrue(due.contains(-1), "again one node only: " + due);
        assertTrue(due.stream().mapToInt(Integer::intValue).max().getAsInt() >= 3, "idle workspace, service and limited PAT: " + due);
        assertEquals(-1, nodeB.getApplicationContext().getBean(UnusedTokenCleanup.class).run(), "the lease holds within the hour");

        assertEquals(401, status(HttpRequest.GET(path + "/projects").bearerAuth(idle)), "never used for 31 days: revoked");
        assertEquals(401, status(HttpRequest.GET(path + "/projects").bearerAuth(idleService)));
        assertEquals(401, status(HttpRequest.GET(path).bearerAuth(limitedPat)));
        assertEquals(200, status(HttpRequest.GET(path + "/projects").bearerAuth(used)), "used a moment ago: kept");
        assertEquals(200, status(HttpRequest.GET(path).bearerAuth(freePat)), "a PAT not bound to the workspace is not its to revoke");
        assertEquals(3, auditCount("token.revoked_unused", wsId));
    }
}
