package dev.latchkey.tokens.core;

import java.util.Optional;

/**
 * The three kinds of Latchkey token. The prefix is part of the public token format: secret
 * scanners match on it and the authentication layer routes a token to its resolver by it.
 */
public enum TokenKind {
    PERSONAL("lkp_"),
    WORKSPACE("lkw_"),
    SERVICE("lks_");

    private final String prefix;

    TokenKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The public name: {@code personal}, {@code workspace} or {@code service} (introspection, audit). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind whose prefix {@code text} starts with; accepts a bare prefix or a whole token.
     */
    /** The kind with this {@link #code()}. */
    public static Optional<TokenKind> fromCode(String code) {
        for (TokenKind kind : values()) {
            if (kind.code().equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static Optional<TokenKind> fromPrefix(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (TokenKind kind : values()) {
            if (text.startsWith(kind.prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
