package dev.latchkey.tokens.core;

/**
 * The one rule for text a client names things with and that other people later read: workspace,
 * project, service-user and person names, token names and notes, in every module.
 *
 * <p>A name is 1 to {@code max} characters after stripping, not blank, on one line, and holds no
 * control or format characters: no C0/C1 controls, no bidi overrides or isolates (U+202A-U+202E,
 * U+2066-U+2069), no zero-width characters, no line or paragraph separators, no lone surrogates
 * and no Unicode non-characters. Those let a name look like another (a reversed
 * "{@code gpj.exe}") or break the screen or log line it is shown in. A note follows the same rule
 * but may span lines ({@code \n}, {@code \r}, {@code \t} are allowed). Neither may hold anything
 * token-shaped ({@link TokenRedaction#containsTokenLike}): a token pasted into a name would be
 * shown to everyone who can list it.
 *
 * <p>Every refusal is an {@link InvalidValueException} naming the field.
 */
public final class DisplayText {
    // characters that render as nothing although Unicode files them as letters or symbols
    private static final String INVISIBLE_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800";

    private DisplayText() {
    }

    /** A required name: stripped, 1-{@code max} characters, one line, visible, no token. */
    public static String name(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || isBlank(v)) {
            throw new InvalidValueException(field, field + " must not be blank");
        }
        if (v.length() > max) {
            throw new InvalidValueException(field, field + " must be at most " + max + " characters");
        }
        requireClean(field, v, false);
        return v;
    }

    /** An optional note: null or blank is no note; otherwise at most {@code max} characters and may span lines. */
    public static String note(String field, String value, int max) {
        if (value == null || isBlank(value)) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidValueException(field, field + " must be at most " + max + " characters");
        }
        requireClean(field, v, true);
        return v;
    }

    private static void requireClean(String field, String v, boolean multiline) {
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (!allowed(cp, multiline)) {
                throw new InvalidValueException(field, field + " must not contain control, format or bidi characters"
                        + (multiline ? " (line breaks and tabs are allowed)" : " or line breaks")
                        + String.format(" (found U+%04X)", cp));
            }
            i += Character.charCount(cp);
        }
        if (TokenRedaction.containsTokenLike(v)) {
            throw new InvalidValueException(field, field + " must not contain an access token");
        }
    }

    private static boolean allowed(int cp, boolean multiline) {
        if (multiline && (cp == '\n' || cp == '\r' || cp == '\t')) {
            return true;
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return false; // non-characters
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> false; // a surrogate here is a lone one: not text, and MariaDB refuses it
            default -> true;
        };
    }

    /** Blank: nothing but spaces (of any kind, NBSP included), combining marks and invisible fillers. */
    private static boolean isBlank(String v) {
        return v.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.NON_SPACING_MARK || Character.getType(cp) == Character.ENCLOSING_MARK
                || INVISIBLE_LETTERS.indexOf(cp) >= 0 || Character.getType(cp) == Character.FORMAT);
    }
}
