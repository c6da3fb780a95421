package dev.latchkey.tokens.core;

/**
 * Token settings a client asked for that cannot be honoured. The message is written for the
 * client (it becomes the {@code detail} of a 400 problem body) and names the offending value.
 */
public final class InvalidTokenSettingsException extends InvalidValueException {

    public InvalidTokenSettingsException(String message) {
        super(null, message);
    }

    public InvalidTokenSettingsException(String field, String message) {
        super(field, message);
    }
}
