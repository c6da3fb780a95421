package dev.latchkey.tokens.core;

/**
 * Token names (1-100 characters) and notes (up to 1000), the same for every kind; the rules of
 * the characters are {@link DisplayText}'s, so a token name accepts what a workspace name does.
 */
public final class TokenNames {
    public static final int MAX_NAME = 100;
    public static final int MAX_NOTE = 1000;
    private static final String COPY_SUFFIX = " (copy)";

    private TokenNames() {
    }

    public static String requireValid(String name) {
        return DisplayText.name("name", name, MAX_NAME);
    }

    /** A blank note is no note. */
    public static String note(String note) {
        return DisplayText.note("note", note, MAX_NOTE);
    }

    /** The default name of a copy: the original's, marked, still within the limit. */
    public static String copyOf(String name) {
        if (name.length() + COPY_SUFFIX.length() <= MAX_NAME) {
            return name + COPY_SUFFIX;
        }
        int end = MAX_NAME - COPY_SUFFIX.length();
        // never keep half of a surrogate pair
        return name.substring(0, Character.isHighSurrogate(name.charAt(end - 1)) ? end - 1 : end) + COPY_SUFFIX;
    }
}
