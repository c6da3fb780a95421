package dev.latchkey.tokens.core.lifecycle;

/** A token together with its secret: only ever the answer to create, regenerate and copy. */
public record Issued<T>(T token, String secret) {
    /** The secret must never reach a log line through a default toString. */
    @Override
    public String toString() {
        return "Issued[" + token + "]";
    }
}
