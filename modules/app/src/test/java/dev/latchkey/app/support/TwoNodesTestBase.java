package dev.latchkey.app.support;

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
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two app nodes on the suite's database, as in a scale-out behind a load balancer, started once per
 * class, with a blocking client of each ({@link #a}, {@link #b}): for tests that a change on one
 * node reaches the other through the invalidation journal. The token cache's TTL is
 * {@link #CACHE_TTL}, far above {@link #DEADLINE}, so only the journal can make the deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoNodesTestBase {
    public static final String PASSWORD = "two nodes password";
    /** How soon the journal must carry a change to the other node. */
    public static final Duration DEADLINE = Duration.ofSeconds(1);
    public static final Duration CACHE_TTL = Duration.ofSeconds(60);

    private EmbeddedServer nodeA;
    private EmbeddedServer nodeB;
    /** A client of node A. */
    protected BlockingHttpClient a;
    /** A client of node B. */
    protected BlockingHttpClient b;

    @BeforeAll
    protected void startTwoNodes() {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        props.put("micronaut.server.port", -1);
        props.put("latchkey.tokens.cache-ttl", CACHE_TTL.toMillis() + "ms");
        nodeA = ApplicationContext.run(EmbeddedServer.class, props);
        nodeB = ApplicationContext.run(EmbeddedServer.class, props);
        a = nodeA.getApplicationContext().createBean(HttpClient.class, nodeA.getURL()).toBlocking();
        b = nodeB.getApplicationContext().createBean(HttpClient.class, nodeB.getURL()).toBlocking();
    }

    @AfterAll
    protected void stopTwoNodes() {
        nodeA.close();
        nodeB.close();
    }

    /** The status of the answer, whatever it is. */
    public static int status(BlockingHttpClient client, MutableHttpRequest<?> request) {
        try {
            return client.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    /** The JSON object of a successful answer. */
    public static Map<String, Object> json(BlockingHttpClient client, MutableHttpRequest<?> request) {
        return client.exchange(request, Argument.mapOf(String.class, Object.class)).body();
    }

    /** Signs a new user up (through {@code client}'s node) with {@link #PASSWORD} and returns its session JWT. */
    public static String signUpAndLogin(BlockingHttpClient client, String email) {
        client.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "N", "lastName", "Ode",
                "password", PASSWORD)));
        return login(client, email, PASSWORD);
    }

    /** A new session JWT for a user who already has an account. */
    public static String login(BlockingHttpClient client, String email, String password) {
        return (String) json(client, HttpRequest.POST("/login", Map.of("username", email, "password", password)))
                .get("access_token");
    }

    /** Polls until the answer is {@code expected}, at most {@link #DEADLINE} after {@code since}; returns how long it took. */
    public static Duration until(Instant since, int expected, IntSupplier call) throws InterruptedException {
        while (call.getAsInt() != expected) {
            assertTrue(Duration.between(since, Instant.now()).compareTo(DEADLINE) < 0, "not converged within " + DEADLINE);
            Thread.sleep(10);
        }
        return Duration.between(since, Instant.now());
    }
}
