package dev.latchkey.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The stored session: {@code $XDG_CONFIG_HOME/latchkey/config.json}, else
 * {@code ~/.config/latchkey/config.json}, or the file {@code --config} names. It holds the server's
 * address, the login's e-mail and the session token, so it is written owner-only (mode 600, in a
 * folder of mode 700) and replaced atomically: a reader never sees half a file.
 */
record Config(Path file, String server, String email, String session) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("latchkey").resolve("config.json");
    }

    static Config load(Path file) {
        if (!Files.exists(file)) {
            return new Config(file, null, null, null);
        }
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
            return new Config(file, text(node, "server"), text(node, "email"), text(node, "session"));
        } catch (IOException | ClassCastException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage()
                    + " (remove it and log in again)");
        }
    }

    private static String text(ObjectNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    Config withSession(String server, String email, String session) {
        return new Config(file, server, email, session);
    }

    Config withoutSession() {
        return new Config(file, server, email, null);
    }

    void save() {
        ObjectNode node = JSON.createObjectNode();
        node.put("server", server);
        node.put("email", email);
        node.put("session", session);
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path temp = posix
                    ? Files.createTempFile(dir, ".config", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".config", ".tmp");
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), node);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw CliException.usage("cannot write " + file + ": " + e.getMessage());
        }
    }
}
