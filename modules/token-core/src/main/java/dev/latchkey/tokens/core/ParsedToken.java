package dev.latchkey.tokens.core;

import java.util.Objects;

/**
 * A token string that passed {@link TokenFormat#parse}: right prefix, length, alphabet and
 * checksum. It still holds the secret, so {@link #toString()} shows only the kind and the hint.
 */
public record ParsedToken(TokenKind kind, String value) {

    public ParsedToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(kind.prefix())) {
            throw new IllegalArgumentException("value does not carry the prefix of " + kind);
        }
    }

    /**
     * The last four characters, stored beside the hash so people can tell their tokens apart.
     * They are checksum digits, so showing them leaves well over 200 of the 256 random bits
     * unknown.
     */
    public String hint() {
        return value.substring(value.length() - TokenFormat.HINT_LENGTH);
    }

    @Override
    public String toString() {
        return "ParsedToken[kind=" + kind + ", hint=\u2026" + hint() + "]";
    }
}
