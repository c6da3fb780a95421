package dev.latchkey.tokens.core;

import java.security.SecureRandom;
import java.util.Objects;

/** Mints new token strings. Thread-safe, as {@link SecureRandom} is. */
public final class TokenSecrets {

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh token of {@code kind}; show it to its owner once and keep only its hash. */
    public String generate(TokenKind kind) {
        Objects.requireNonNull(kind, "kind");
        byte[] secret = new byte[TokenFormat.SECRET_BYTES];
        random.nextBytes(secret);
        return TokenFormat.compose(kind, secret);
    }
}
