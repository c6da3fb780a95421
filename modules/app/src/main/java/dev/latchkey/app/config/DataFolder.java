package dev.latchkey.app.config;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded default's data folder holds the database and the generated secrets, so it is the
 * owner's alone: the folder is created 0700 (before H2 opens, so H2 creates nothing wider in a
 * folder of its own), and every file in it is set to 0600 at start, whatever the umask made of it.
 * An existing folder that others may enter is left as the operator made it, with one warning.
 * On a file system without POSIX permissions nothing is changed.
 */
public final class DataFolder {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataFolder() {
    }

    /** The folder of an embedded H2 file database ({@code jdbc:h2:[file:]<path>;...}); empty for anything else. */
    public static Optional<Path> ofJdbcUrl(@Nullable String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String location = url.substring("jdbc:h2:".length());
        int options = location.indexOf(';');
        location = options < 0 ? location : location.substring(0, options);
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("^[a-zA-Z]{2,}:.*")) {
            // mem:, tcp:, ssl:, zip:, ... : no folder of ours
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.ofNullable(Path.of(location).toAbsolutePath().normalize().getParent());
    }

    /**
     * Creates {@code folder} (and missing parents) owner-only, or returns a one-line warning if it
     * exists with access for group or others; null if all is well.
     */
    @Nullable
    public static String prepare(Path folder) {
        try {
            if (!posix()) {
                Files.createDirectories(folder);
                return null;
            }
            if (Files.isDirectory(folder)) {
                Set<PosixFilePermission> actual = Files.getPosixFilePermissions(folder);
                Set<PosixFilePermission> wider = EnumSet.copyOf(actual);
                wider.removeAll(FOLDER);
                return wider.isEmpty() ? null : "the data folder " + folder.toAbsolutePath() + " is "
                        + PosixFilePermissions.toString(actual) + "; it holds the database and secrets,"
                        + " make it owner-only: chmod 700 " + folder.toAbsolutePath();
            }
            Path parent = folder.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            // the umask may have cut the requested mode, never widened it; set it exactly anyway
            Files.setPosixFilePermissions(folder, FOLDER);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + folder.toAbsolutePath(), e);
        }
    }

    /** Sets every file directly in {@code folder} to 0600 (the database, its lock and trace files, the secrets). */
    public static void tightenFiles(Path folder) {
        if (!posix() || !Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of the files in " + folder.toAbsolutePath(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
