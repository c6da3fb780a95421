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
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away under a running node: a token it has not cached is refused (503), never
 * let through; /health says so; when the database comes back the node recovers by itself. The
 * database here is an H2 server the test can stop and start, whatever database the suite uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailClosedTest {
    private Server database;
    private int port;
    private EmbeddedServer node;
    private BlockingHttpClient http;
    private final Path dir = TestDatabase.scratchDirectory("latchkey-failclosed");

    @BeforeAll
    void start() throws SQLException {
        database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        port = database.getPort();
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("datasources.default.url", "jdbc:h2:tcp://localhost:" + port
                + "/latchkey;MODE=MySQL;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
        props.put("datasources.default.username", "sa");
        props.put("datasources.default.password", "");
        props.put("datasources.default.connection-timeout", "1000");
        props.put("datasources.default.validation-timeout", "500");
        props.put("latchkey.tokens.cache-ttl", "200ms");
        props.put("micronaut.server.port", -1);
        node = ApplicationContext.run(EmbeddedServer.class, props);
        http = node.getApplicationContext().createBean(HttpClient.class, node.getURL()).toBlocking();
    }

    @AfterAll
    void stop() {
        node.close();
        database.stop();
    }

    private int status(MutableHttpRequest<?> request) {
        try {
            return http.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    @SuppressWarnings("unchecked")
    private String mintToken() {
        String email = "fc-" + UUID.randomUUID() + "@example.com";
        http.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "F", "lastName", "C",
                "password", "fail closed password")));
        String jwt = (String) http.exchange(HttpRequest.POST("/login", Map.of("username", email, "password", "fail closed password")),
                Argument.mapOf(String.class, Object.class)).body().get("access_token");
        return (String) http.exchange(HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "fc", "scopes", List.of("user:read"))).bearerAuth(jwt), Argument.mapOf(String.class, Object.class))
                .body().get("token");
    }

    @Test
    void withTheDatabaseGoneAnUncachedTokenIsRefusedAndTheNodeRecoversByItself() throws Exception {
        String token = mintToken();
        database.stop();
        try {
            Thread.sleep(300); // let the cache TTL pass: the token must be looked up again
            int refused = status(HttpRequest.GET("/api/user").bearerAuth(token));
            assertNotEquals(200, refused);
            assertTrue(refused == 401 || refused == 503, "refused with " + refused);
            assertEquals(503, status(HttpRequest.GET("/health")));
        } finally {
            database = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dir.toString()).start();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (status(HttpRequest.GET("/api/user").bearerAuth(token)) != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the node did not recover");
            // the pool re-validates a connection idle for over 0.5 s; H2's dead-socket errors, unlike
            // MySQL's 08xxx states, do not evict one at once, so poll slower than that
            Thread.sleep(700);
        }
        assertEquals(200, status(HttpRequest.GET("/health")));
    }
}
