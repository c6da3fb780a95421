package dev.latchkey.tokens.core;

/**
 * A value a client sent that cannot be accepted, with the request field it came from. The message
 * is written for the client (it becomes the {@code detail} of a 400 problem body, the field its
 * {@code field} member) and never quotes a token.
 */
public class InvalidValueException extends RuntimeException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field, or null when the message alone says what was wrong. */
    public String field() {
        return field;
    }
}
