package dev.latchkey.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void theSessionIsWrittenOwnerOnlyAndReadBack() throws Exception {
        Path file = dir.resolve("latchkey/config.json");
        Config.load(file).withSession("http://127.0.0.1:8080", "ann@example.com", "jwt").save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Config read = Config.load(file);
        assertEquals("jwt", read.session());
        read.withoutSession().save();
        assertNull(Config.load(file).session());
        assertEquals("ann@example.com", Config.load(file).email());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void xdgConfigHomeDecidesWhereTheFileIs() {
        assertEquals(Path.of("/x/latchkey/config.json"), Config.defaultFile(Map.of("XDG_CONFIG_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".config/latchkey/config.json"), Config.defaultFile(Map.of()));
    }
}
