package dev.latchkey.app.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.latchkey.app.Application;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: {@code LATCHKEY_LOG_FORMAT=json} turns the app's own logback.xml into one JSON object
 * per line; a refused request's access line carries its request id, route template and outcome;
 * no line carries the token or the password the requests sent.
 */
class JsonLogTest {
    private final PrintStream stdout = System.out;

    private static void configureLogback() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
    }

    @AfterEach
    void backToText() throws Exception {
        System.setOut(stdout);
        System.clearProperty("LATCHKEY_LOG_FORMAT");
        configureLogback();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonLinesCarryTheRequestIdRouteAndOutcomeButNoSecret() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("LATCHKEY_LOG_FORMAT", "json");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        configureLogback();
        Application.routeLibraryOutputToLogback(); // as main does
        String guess = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        String password = "not-the-password-" + guess.substring(10, 20);
        JsonMapper json;
        try (MetricsNode node = MetricsNode.withManagementPort(Map.of())) {
            json = node.context.getBean(JsonMapper.class);
            assertEquals(401, MetricsNode.send(node.publicPort, "GET", "/api/auth/verify", "Bearer " + guess, null,
                    Map.of("X-Request-Id", "json-log-1")).statusCode());
            assertEquals(401, node.post("/login", null, Map.of("username", "nobody@example.com", "password", password)).statusCode());
            assertEquals(404, node.get("/api/x/" + guess, null).statusCode());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank() || line.startsWith("[latchkey-tests]")) {
                continue; // the test harness's own notices, not the app's log
            }
            assertTrue(line.startsWith("{"), () -> "not a JSON line: " + line);
            lines.add(json.readValue(line, Map.class));
        }
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
}
