package dev.latchkey.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * Runs before the application context exists. The embedded default may invent its own secrets
 * (kept in the data folder, mode 600 in a folder of mode 700, see {@link DataFolder}, so restarts
 * keep sessions and tokens valid); a shared
 * database may not, because every node must hash tokens with the same pepper and sign sessions
 * with the same key.
 */
public final class StartupChecks {
    public static final String JWT_SECRET = "latchkey.jwt.secret";
    public static final String PEPPER = "latchkey.tokens.pepper";

    private StartupChecks() {
    }

    /**
     * Makes both secrets available as system properties on the embedded default, or returns a
     * one-line reason to refuse to start.
     */
    public static String prepare(Map<String, String> env, Properties props) {
        String url = first(props.getProperty("datasources.default.url"), env.get("DATASOURCES_DEFAULT_URL"));
        String jwt = first(props.getProperty(JWT_SECRET), env.get("LATCHKEY_JWT_SECRET"));
        String pepper = first(props.getProperty(PEPPER), env.get("LATCHKEY_TOKENS_PEPPER"));
        if (url != null && !isEmbedded(url)) {
            return refusal(jwt, pepper);
        }
        Path dataDir = Path.of(first(props.getProperty("latchkey.data-dir"), env.get("LATCHKEY_DATA_DIR")) == null
                ? "./data" : first(props.getProperty("latchkey.data-dir"), env.get("LATCHKEY_DATA_DIR")));
        if (jwt == null) {
            props.setProperty(JWT_SECRET, loadOrCreate(dataDir.resolve("jwt-secret")));
        }
        if (pepper == null) {
            props.setProperty(PEPPER, loadOrCreate(dataDir.resolve("token-pepper")));
        }
        return null;
    }

    public static String refusal(String jwtSecret, String pepper) {
        if (isBlank(jwtSecret)) {
            return "LATCHKEY_JWT_SECRET is required outside the embedded database (at least 32 characters)";
        }
        if (isBlank(pepper)) {
            return "LATCHKEY_TOKENS_PEPPER is required outside the embedded database (at least 32 characters)";
        }
        if (jwtSecret.length() < 32) {
            return "LATCHKEY_JWT_SECRET must be at least 32 characters";
        }
        if (pepper.length() < 32) {
            return "LATCHKEY_TOKENS_PEPPER must be at least 32 characters";
        }
        return null;
    }

    public static boolean isEmbedded(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            DataFolder.prepare(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.writeString(file, secret, StandardCharsets.US_ASCII);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep secrets in " + file.toAbsolutePath().getParent(), e);
        }
    }

    private static String first(String a, String b) {
        return !isBlank(a) ? a : (isBlank(b) ? null : b);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
