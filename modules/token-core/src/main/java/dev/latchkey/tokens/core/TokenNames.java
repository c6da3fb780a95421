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
        return cut(name, MAX_NAME - COPY_SUFFIX.length()) + COPY_SUFFIX;
    }

    /** A name made from a (valid) note when none was given: its text on one line, cut to the limit; {@code fallback} if blank. */
    public static String fromNote(String note, String fallback) {
        // a note may span lines; a name may not
        String flat = note == null ? "" : note.replaceAll("\\p{Cntrl}+", " ").strip();
        return flat.isEmpty() ? fallback : cut(flat, MAX_NAME).strip();
    }

    // never keeps half of a surrogate pair, which no database column takes
    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }
}
