package dev.latchkey.tokens.core;

import java.util.Objects;

/**
 * A freshly minted secret: the token string, shown to its creator exactly once, and what is kept
 * instead of it (the peppered hash, hex, and a four-character hint for display).
 */
public record IssuedToken(String token, String hash, String hint) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(hint, "hint");
    }

    /** Never prints the token: a record's default toString would put it in any log line. */
    @Override
    public String toString() {
        return "IssuedToken[hint=…" + hint + "]";
    }
}
