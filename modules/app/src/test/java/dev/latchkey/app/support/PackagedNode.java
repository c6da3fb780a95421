package dev.latchkey.app.support;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar ({@code target/latchkey.jar}) run as its own process on a loopback port, on the
 * suite's database if it is MySQL/MariaDB, else on an embedded H2 file in {@code dataDir}; for
 * Failsafe tests that stop, kill and restart nodes.
 */
public final class PackagedNode {
    public static final Path JAR = Path.of("target/latchkey.jar");
    private final int port;
    private final Path dataDir;
    private final Map<String, String> extraEnv;
    private Process process;
    private Path log;

    public PackagedNode(int port, Path dataDir, Map<String, String> extraEnv) {
        this.port = port;
        this.dataDir = dataDir;
        this.extraEnv = extraEnv;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** Where the last start's stdout and stderr went. */
    public Path log() {
        return log;
    }

    /** Starts the jar and waits until /health answers 200 (at most 60 s). */
    public BlockingHttpClient start() throws Exception {
        assertTrue(Files.exists(JAR), "run after packaging: " + JAR.toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.putAll(environment());
        env.putAll(extraEnv);
        log = dataDir.resolve("node-" + port + "-" + System.nanoTime() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        BlockingHttpClient http = HttpClient.create(new URL("http://127.0.0.1:" + port)).toBlocking();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                if (http.exchange(HttpRequest.GET("/health")).code() == 200) {
                    return http;
                }
            } catch (HttpClientException e) {
                assertTrue(process.isAlive(), "the node died while starting");
                assertTrue(Instant.now().isBefore(deadline), "the node did not start");
                Thread.sleep(250);
            }
        }
    }

    /** The environment a node reads: its port, data folder and database, fixed secrets. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        env.put("LATCHKEY_DATA_DIR", dataDir.toString());
        env.put("LATCHKEY_RATE_LIMITS_ENABLED", "false");
        Map<String, String> db = TestDatabase.properties();
        if (!"h2".equals(TestDatabase.kind())) {
            env.put("DATASOURCES_DEFAULT_URL", db.get("datasources.default.url"));
            env.put("DATASOURCES_DEFAULT_USERNAME", db.get("datasources.default.username"));
            env.put("DATASOURCES_DEFAULT_PASSWORD", db.get("datasources.default.password"));
            env.put("LATCHKEY_JWT_SECRET", db.get("latchkey.jwt.secret"));
            env.put("LATCHKEY_TOKENS_PEPPER", db.get("latchkey.tokens.pepper"));
        }
        return env;
    }

    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }
}
