package dev.latchkey.app.security;

import io.micronaut.core.annotation.Nullable;

/**
 * Whether a request path is spelled the one way the server's own path rules are written in. Every
 * rule keyed on a path (the credential rate limits, the anonymous patterns of the security map, the
 * static-resource mappings) compares strings, while the router forgives some spellings (a trailing
 * slash) and a proxy or a file lookup may forgive others. A path that is not canonical is refused
 * before any of them runs, so no spelling can reach a route while slipping past a rule written for it.
 *
 * <p>Canonical: starts with {@code /}; no empty segment ({@code //}, a trailing {@code /} except the
 * root); no {@code .} or {@code ..} segment; no {@code ;} (matrix parameters); no backslash; no
 * percent-encoding of a character that needs none (letters, digits, {@code -._~}), of {@code /} or
 * {@code \}, of a control character, or a malformed one. Letter case is left alone: routes match
 * case-sensitively, so {@code /LOGIN} reaches nothing (404).
 */
public final class CanonicalPaths {
    private CanonicalPaths() {
    }

    /** Why {@code rawPath} (still percent-encoded) is not canonical, or null if it is. */
    @Nullable
    public static String problem(@Nullable String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "the path must start with /";
        }
        if (rawPath.length() > 1 && rawPath.endsWith("/")) {
            return "the path must not end with /";
        }
        if (rawPath.contains("//")) {
            return "the path must not contain //";
        }
        if (rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0) {
            return "the path must not contain ; or \\";
        }
        for (String segment : rawPath.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "the path must not contain . or .. segments";
            }
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            int decoded = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
            if (decoded < 0) {
                return "the path holds a malformed percent-encoding";
            }
            if (needsNoEncoding(decoded) || decoded == '/' || decoded == '\\' || decoded < 0x20 || decoded == 0x7f) {
                return "the path percent-encodes a character that must be written plainly or not at all";
            }
        }
        return null;
    }

    private static boolean needsNoEncoding(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
