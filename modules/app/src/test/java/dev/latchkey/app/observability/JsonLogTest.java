package dev.latchkey.app.observability;

import ch.qos.logback.classic.LoggerContext;
import dev.latchkey.app.Application;
import dev.latchkey.app.support.TcpRelay;
import dev.latchkey.testkit.TestDatabase;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.json.JsonMapper;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: {@code LATCHKEY_LOG_FORMAT=json} turns the app's logging (LogConfiguration) into one JSON object
 * per line; a refused request's access line carries its request id, route template and outcome;
 * no line carries the token or the password the requests sent.
 */
class JsonLogTest {
    private final PrintStream stdout = System.out;

    /** As a start does: logback finds LogConfiguration through META-INF/services, which reads the format. */
    private static void configureLogback() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    }

    @AfterEach
    void backToText() throws Exception {
        System.setOut(stdout);
        System.clearProperty("LATCHKEY_LOG_FORMAT");
        configureLogback();
    }

    private interface Requests {
        void send() throws Exception;
    }

    /** What the app logs, in JSON, while {@code requests} run: the raw output. */
    private String capture(Requests requests) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("LATCHKEY_LOG_FORMAT", "json");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        configureLogback();
        Application.routeLibraryOutputToLogback(); // as main does
        try {
            requests.send();
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Every line of the output, each of which must be a JSON object. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(String out) throws Exception {
        JsonMapper json = JsonMapper.createDefault();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank() || line.startsWith("[latchkey-tests]")) {
                continue; // the test harness's own notices, not the app's log
            }
            assertTrue(line.startsWith("{"), () -> "not a JSON line: " + line);
            lines.add(json.readValue(line, Map.class));
        }
        return lines;
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonLinesCarryTheRequestIdRouteAndOutcomeButNoSecret() throws Exception {
        String guess = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        String password = "not-the-password-" + guess.substring(10, 20);
        String out = capture(() -> {
            try (MetricsNode node = MetricsNode.withManagementPort(Map.of())) {
                assertEquals(401, MetricsNode.send(node.publicPort, "GET", "/api/auth/verify", "Bearer " + guess, null,
                        Map.of("X-Request-Id", "json-log-1")).statusCode());
                assertEquals(401, node.post("/login", null, Map.of("username", "nobody@example.com", "password", password)).statusCode());
                assertEquals(404, node.get("/api/x/" + guess, null).statusCode());
            }
        });
        List<Map<String, Object>> lines = lines(out);
        assertTrue(lines.size() > 3, out);
        Map<String, Object> access = lines.stream()
                .filter(l -> "latchkey.access".equals(l.get("loggerName")))
                .filter(l -> l.get("mdc") instanceof Map<?, ?> m && "json-log-1".equals(m.get("requestId")))
                .findFirst().orElseThrow(() -> new AssertionError("no access line with the request id:\n" + out));
        Map<String, Object> mdc = (Map<String, Object>) access.get("mdc");
        assertEquals("/api/auth/verify", mdc.get("route"));
        assertEquals("401", mdc.get("status"));
        assertEquals("token_unknown", mdc.get("outcome"));
        assertEquals("INFO", access.get("level"));
        assertFalse(out.contains(guess.substring(4, 20)), "a token in the log");
        assertFalse(out.contains(password), "a password in the log");
    }

    /**
     * A line Latchkey writes in the middle of a request, on the blocking pool
     * ({@code @ExecuteOn(BLOCKING)} controllers run there, not on the event loop that ran the
     * filter), carries that request's id and route: the database is cut under a running node, a
     * read of /api/user with a token the node has not cached is refused with 503, and the
     * authenticator's "token resolution failed" warning, written on the io-executor thread, names
     * the request (and not the token's secret).
     */
    @Test
    @SuppressWarnings("unchecked")
    void aWarningWrittenOnTheBlockingPoolCarriesItsRequestsIdAndRoute() throws Exception {
        Path dir = TestDatabase.scratchDirectory("latchkey-jsonlog");
        Server database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        HttpResponse<String>[] refused = new HttpResponse[1];
        String[] token = new String[1];
        try (TcpRelay relay = new TcpRelay("127.0.0.1", database.getPort())) {
            String out = capture(() -> {
                try (MetricsNode node = MetricsNode.withManagementPort(Map.of(
                        "datasources.default.url", "jdbc:h2:tcp://127.0.0.1:" + relay.port()
                                + "/latchkey;MODE=MySQL;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                        "datasources.default.username", "sa",
                        "datasources.default.password", ""))) {
                    token[0] = node.mintPat(node.newUserSession(), List.of("user:read"));
                    relay.cut();
                    try {
                        refused[0] = MetricsNode.send(node.publicPort, "GET", "/api/user", "Bearer " + token[0], null,
                                Map.of("X-Request-Id", "json-log-blocking"));
                    } finally {
                        relay.restore();
                    }
                }
            });
            assertEquals(503, refused[0].statusCode(), refused[0].body());
            assertEquals("json-log-blocking", refused[0].headers().firstValue("X-Request-Id").orElse(null));
            Map<String, Object> warning = lines(out).stream()
                    .filter(l -> String.valueOf(l.get("formattedMessage")).startsWith("token resolution failed"))
                    .findFirst().orElseThrow(() -> new AssertionError("no 'token resolution failed' line:\n" + out));
            assertEquals("dev.latchkey.app.security.TokenAuthenticator", warning.get("loggerName"));
            assertEquals("WARN", warning.get("level"));
            String thread = String.valueOf(warning.get("threadName"));
            // the blocking pool (TaskExecutors.BLOCKING is the io executor on Java 17), not the event loop
            assertTrue(thread.startsWith("io-executor-thread"), "written on " + thread);
            Map<String, Object> mdc = (Map<String, Object>) warning.get("mdc");
            assertEquals("json-log-blocking", mdc == null ? null : mdc.get("requestId"), () -> "the line: " + warning);
            assertEquals("/api/user", mdc.get("route"));
            assertFalse(out.contains(MetricsNode.PASSWORD), "a password in the log");
            assertFalse(out.contains(token[0].substring(4, 30)), "a token in the log");
        } finally {
            database.stop();
        }
    }
}
