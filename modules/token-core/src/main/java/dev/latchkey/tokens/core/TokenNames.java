package dev.latchkey.tokens.core;

/** Token names (1-100 characters, no control characters) and notes (up to 1000); the same for every kind. */
public final class TokenNames {
    public static final int MAX_NAME = 100;
    public static final int MAX_NOTE = 1000;
    private static final String COPY_SUFFIX = " (copy)";

    private TokenNames() {
    }

    public static String requireValid(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenSettingsException("name must be 1-" + MAX_NAME + " characters without control characters");
        }
        return n;
    }

    /** A blank note is no note. */
    public static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw new InvalidTokenSettingsException("note must be at most " + MAX_NOTE + " characters");
        }
        return note.strip();
    }

    /** The default name of a copy: the original's, marked, still within the limit. */
    public static String copyOf(String name) {
        String base = name.length() + COPY_SUFFIX.length() > MAX_NAME ? name.substring(0, MAX_NAME - COPY_SUFFIX.length()) : name;
        return base + COPY_SUFFIX;
    }
}
