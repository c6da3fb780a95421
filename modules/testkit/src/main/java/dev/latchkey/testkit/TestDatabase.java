package dev.latchkey.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The database the tests of this JVM talk to, chosen once: {@code LATCHKEY_TEST_JDBC_URL} if set
 * (CI points it at the local MariaDB), else a Testcontainers MySQL if Docker answers, else an
 * in-memory H2 in MySQL mode. The choice is printed, so a run says what it proved.
 */
public final class TestDatabase {
    private static Map<String, String> properties;

    private TestDatabase() {
    }

    /** Application properties for a test context: the datasource, fixed secrets and a scratch data folder. */
    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            properties = choose();
        }
        return properties;
    }

    /** Which kind of database was chosen: mysql (external), testcontainers or h2. */
    public static String kind() {
        return properties().get("latchkey.test.database");
    }

    private static Map<String, String> choose() {
        Map<String, String> p = new HashMap<>();
        String url = System.getenv("LATCHKEY_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            p.put("datasources.default.url", url);
            p.put("datasources.default.username", env("LATCHKEY_TEST_JDBC_USER", "root"));
            p.put("datasources.default.password", env("LATCHKEY_TEST_JDBC_PASSWORD", ""));
            p.put("latchkey.test.database", "mysql");
            announce("LATCHKEY_TEST_JDBC_URL " + url.replaceAll("password=[^&]*", "password=***"));
        } else if (dockerAvailable()) {
            MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.0");
            mysql.start();
            p.put("datasources.default.url", mysql.getJdbcUrl());
            p.put("datasources.default.username", mysql.getUsername());
            p.put("datasources.default.password", mysql.getPassword());
            p.put("latchkey.test.database", "testcontainers");
            announce("Testcontainers " + mysql.getJdbcUrl());
        } else {
            String name = "latchkey-" + UUID.randomUUID();
            p.put("datasources.default.url", "jdbc:h2:mem:" + name
                    + ";MODE=MySQL;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
            p.put("datasources.default.username", "sa");
            p.put("datasources.default.password", "");
            p.put("latchkey.test.database", "h2");
            announce("embedded H2 (no LATCHKEY_TEST_JDBC_URL and no Docker)");
        }
        // suites sign up many users from one address; the rate-limit tests switch limits on themselves
        p.put("latchkey.rate-limits.enabled", "false");
        p.put("latchkey.jwt.secret", "test-jwt-secret-that-is-long-enough-for-hs256-0123456789");
        p.put("latchkey.tokens.pepper", "test-token-pepper-that-is-long-enough-0123456789");
        try {
            p.put("latchkey.data-dir", Files.createTempDirectory("latchkey-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(p);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    private static void announce(String what) {
        System.out.println("[latchkey-tests] database: " + what);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A fresh directory for tests that need their own files. */
    public static Path scratchDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
