package dev.latchkey.tokens.core;

/**
 * A string that cannot be a Latchkey token. The message is one of a few fixed reasons and
 * never contains the offered text: it may be a real secret with a typo, and exceptions end up
 * in logs.
 */
public final class MalformedTokenException extends RuntimeException {

    public static final String BLANK = "blank";
    public static final String WRONG_PREFIX = "wrong prefix";
    public static final String WRONG_LENGTH = "wrong length";
    public static final String INVALID_CHARACTER = "invalid character";
    public static final String CHECKSUM_MISMATCH = "checksum mismatch";

    MalformedTokenException(String reason) {
        // No stack trace: anyone can send garbage tokens, and refusing them should stay cheap.
        super(reason, null, false, false);
    }

    /** One of {@link #BLANK}, {@link #WRONG_PREFIX}, {@link #WRONG_LENGTH},
     * {@link #INVALID_CHARACTER}, {@link #CHECKSUM_MISMATCH}. */
    public String reason() {
        return getMessage();
    }
}
