package dev.latchkey.app.observability;

import dev.latchkey.app.support.PackagedNode;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar with {@code LATCHKEY_LOG_FORMAT=json}: from the first line to the last of a start,
 * a refused request and a stop, everything it prints is a JSON object (no banner, no logback status
 * dump), which is what a log shipper parsing stdout needs. The jar's logging is set up by
 * LogConfiguration, found through the shaded jar's META-INF/services.
 */
class JsonLogIT {
    private final Path dataDir = TestDatabase.scratchDirectory("latchkey-jsonlog");
    private PackagedNode node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.kill();
        }
    }

    @Test
    void everyLineTheJarPrintsIsJson() throws Exception {
        node = new PackagedNode(PackagedNode.freePort(), dataDir, Map.of("LATCHKEY_LOG_FORMAT", "json"));
        BlockingHttpClient http = node.start();
        assertThrows(HttpClientResponseException.class,
                () -> http.exchange(HttpRequest.GET("/api/user").bearerAuth("lkp_not-a-real-token")));
        node.process().destroy(); // SIGTERM: the shutdown lines too
        assertTrue(node.process().waitFor(30, TimeUnit.SECONDS));

        JsonMapper json = JsonMapper.createDefault();
        List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        assertTrue(lines.size() >= 3, "start, a request and a stop were logged: " + lines);
        for (String line : lines) {
            assertTrue(line.startsWith("{"), "not a JSON object: " + line);
            Map<?, ?> parsed = json.readValue(line, Map.class);
            assertTrue(parsed.containsKey("level") && parsed.containsKey("formattedMessage"), line);
        }
        assertEquals(1, lines.stream().filter(l -> l.contains("Startup completed")).count(), String.join("\n", lines));
    }
}
