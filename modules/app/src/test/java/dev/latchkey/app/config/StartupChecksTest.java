package dev.latchkey.app.config;

import dev.latchkey.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupChecksTest {
    private static final String MYSQL = "jdbc:mysql://db.internal:3306/latchkey";
    private static final String SECRET = "s".repeat(32);

    private static Properties props(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void outsideTheEmbeddedDefaultAMissingJwtSecretRefusesToStartWithAOneLineReason() {
        String reason = StartupChecks.prepare(Map.of("DATASOURCES_DEFAULT_URL", MYSQL,
                "LATCHKEY_TOKENS_PEPPER", SECRET), new Properties());
        assertTrue(reason.contains("LATCHKEY_JWT_SECRET"), reason);
        assertFalse(reason.contains("\n"), reason);
    }

    @Test
    void outsideTheEmbeddedDefaultAMissingPepperRefusesToStart() {
        String reason = StartupChecks.prepare(Map.of("DATASOURCES_DEFAULT_URL", MYSQL,
                "LATCHKEY_JWT_SECRET", SECRET), new Properties());
        assertTrue(reason.contains("LATCHKEY_TOKENS_PEPPER"), reason);
    }

    @Test
    void aShortSecretIsRefusedToo() {
        String reason = StartupChecks.prepare(Map.of("DATASOURCES_DEFAULT_URL", MYSQL,
                "LATCHKEY_JWT_SECRET", "short", "LATCHKEY_TOKENS_PEPPER", SECRET), new Properties());
        assertTrue(reason.contains("at least 32"), reason);
    }

    @Test
    void aDatabaseUrlGivenAsAPropertyCountsLikeTheEnvironmentVariable() {
        assertTrue(StartupChecks.prepare(Map.of(), props("datasources.default.url", MYSQL)).contains("LATCHKEY_JWT_SECRET"));
    }

    @Test
    void outsideTheEmbeddedDefaultBothSecretsLetItStartWithoutWritingFiles() throws IOException {
        Path dataDir = TestDatabase.scratchDirectory("latchkey-startup");
        assertNull(StartupChecks.prepare(Map.of("DATASOURCES_DEFAULT_URL", MYSQL, "LATCHKEY_JWT_SECRET", SECRET,
                "LATCHKEY_TOKENS_PEPPER", SECRET, "LATCHKEY_DATA_DIR", dataDir.toString()), new Properties()));
        try (var files = Files.list(dataDir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void theEmbeddedDefaultGeneratesBothSecretsAsOwnerOnlyFilesAndReusesThem() throws IOException {
        Path dataDir = TestDatabase.scratchDirectory("latchkey-startup").resolve("data");
        Map<String, String> env = Map.of("LATCHKEY_DATA_DIR", dataDir.toString());
        Properties first = new Properties();
        assertNull(StartupChecks.prepare(env, first));

        for (String file : new String[] {"jwt-secret", "token-pepper"}) {
            Path path = dataDir.resolve(file);
            assertTrue(Files.exists(path), file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), file);
            assertTrue(Files.readString(path).trim().length() >= 32, file);
        }
        String jwt = first.getProperty(StartupChecks.JWT_SECRET);
        String pepper = first.getProperty(StartupChecks.PEPPER);
        assertEquals(Files.readString(dataDir.resolve("jwt-secret")).trim(), jwt);
        assertEquals(Files.readString(dataDir.resolve("token-pepper")).trim(), pepper);
        assertNotEquals(jwt, pepper);

        Properties second = new Properties();
        assertNull(StartupChecks.prepare(env, second));
        assertEquals(jwt, second.getProperty(StartupChecks.JWT_SECRET));
        assertEquals(pepper, second.getProperty(StartupChecks.PEPPER));
    }

    @Test
    void anExplicitH2UrlIsStillTheEmbeddedDefault() {
        Path dataDir = TestDatabase.scratchDirectory("latchkey-startup");
        Properties props = props("datasources.default.url", "jdbc:h2:file:" + dataDir + "/latchkey",
                "latchkey.data-dir", dataDir.toString());
        assertNull(StartupChecks.prepare(Map.of(), props));
        assertTrue(Files.exists(dataDir.resolve("jwt-secret")));
    }

    @Test
    void configuredSecretsWinOverGeneratedOnes() {
        Path dataDir = TestDatabase.scratchDirectory("latchkey-startup");
        Properties props = new Properties();
        assertNull(StartupChecks.prepare(Map.of("LATCHKEY_DATA_DIR", dataDir.toString(), "LATCHKEY_JWT_SECRET", SECRET,
                "LATCHKEY_TOKENS_PEPPER", SECRET), props));
        assertNull(props.getProperty(StartupChecks.JWT_SECRET));
        assertFalse(Files.exists(dataDir.resolve("jwt-secret")));
    }
}
