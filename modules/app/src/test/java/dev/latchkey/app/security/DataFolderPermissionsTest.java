package dev.latchkey.app.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.app.config.DataFolder;
import dev.latchkey.app.config.StartupChecks;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, class "the embedded data is readable by other local users": the app started on a fresh
 * data folder leaves it 0700 with every file 0600 (H2's database included); an existing folder that
 * is wider gets one warning at start, and its files are tightened all the same.
 */
class DataFolderPermissionsTest {
    @TempDir
    Path tmp;

    private static ApplicationContext start(Path dataDir) {
        return ApplicationContext.run(Map.of(
                "datasources.default.url", "jdbc:h2:file:" + dataDir + "/latchkey;MODE=MySQL;DATABASE_TO_UPPER=FALSE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.jwt.secret", "test-jwt-secret-that-is-long-enough-for-hs256-0123456789",
                "latchkey.tokens.pepper", "test-token-pepper-that-is-long-enough-0123456789",
                "micronaut.server.port", "-1"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFreshDataFolderAndTheDatabaseInItAreTheOwnersOnly() throws Exception {
        Path data = tmp.resolve("fresh/data");
        try (ApplicationContext context = start(data)) {
            // the schema migration at start has written the database
            assertEquals("rwx------", mode(data));
            List<Path> files = files(data);
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")), files.toString());
            for (Path file : files) {
                assertEquals("rw-------", mode(file), file.toString());
            }
        }
    }

    @Test
    void theGeneratedSecretsLiveInAnOwnerOnlyFolder() throws Exception {
        Path data = tmp.resolve("secrets/data");
        Properties props = new Properties();
        props.setProperty("latchkey.data-dir", data.toString());
        assertEquals(null, StartupChecks.prepare(Map.of(), props));
        assertEquals("rwx------", mode(data));
        for (Path file : files(data)) {
            assertEquals("rw-------", mode(file), file.toString());
        }
        assertEquals(2, files(data).size());
    }

    @Test
    void anExistingWiderFolderIsWarnedAboutOnceAndItsFilesAreTightened() throws Exception {
        Path data = tmp.resolve("wide");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(data.resolve("jwt-secret"), "x".repeat(40));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        Logger logger = (Logger) LoggerFactory.getLogger("dev.latchkey.app.config.DataFolderGuard");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (ApplicationContext context = start(data)) {
            List<String> warnings = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("data folder")).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("rwxr-xr-x") && warnings.get(0).contains("chmod 700"), warnings.get(0));
            assertEquals("rwxr-xr-x", mode(data), "the operator's folder is left as it is");
            for (Path file : files(data)) {
                assertEquals("rw-------", mode(file), file.toString());
            }
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void onlyEmbeddedFileDatabasesHaveADataFolder() {
        assertEquals(Path.of("/srv/latchkey"), DataFolder.ofJdbcUrl("jdbc:h2:file:/srv/latchkey/latchkey;MODE=MySQL").orElseThrow());
        assertEquals(Path.of("/srv/x"), DataFolder.ofJdbcUrl("jdbc:h2:/srv/x/db").orElseThrow());
        assertEquals(Path.of("data").toAbsolutePath(), DataFolder.ofJdbcUrl("jdbc:h2:file:./data/latchkey").orElseThrow());
        assertEquals(Path.of(System.getProperty("user.home"), "lk"), DataFolder.ofJdbcUrl("jdbc:h2:~/lk/db").orElseThrow());
        for (String other : List.of("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://db/x", "jdbc:mysql://db:3306/x")) {
            assertFalse(DataFolder.ofJdbcUrl(other).isPresent(), other);
        }
    }
}
