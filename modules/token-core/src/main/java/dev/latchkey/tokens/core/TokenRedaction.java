package dev.latchkey.tokens.core;

import java.util.regex.Pattern;

/**
 * The one place that keeps tokens out of text a client sent (user agents, names, notes, leak
 * report sources, echoed values) before that text is stored, logged or echoed.
 *
 * <p>It matches more than {@link TokenFormat#SCANNER_REGEX}: a kind prefix (also URL-encoded,
 * {@code lkp%5F}) followed by {@value #MIN_TAIL} or more base62 digits, which covers whole tokens,
 * tokens glued to more text, and the leading part of a token that somebody else cut. Text is
 * always redacted <em>before</em> it is cut ({@link #redactThenCut}): cutting first can split a
 * token at the limit so that neither half matches, and the stored half plus a second request
 * cut at another place would rebuild it.
 */
public final class TokenRedaction {
    public static final String REDACTED = "[redacted]";
    /** Twenty base62 digits are about 119 bits: a part that long is worth hiding, shorter is just text. */
    public static final int MIN_TAIL = 20;

    private static final String PREFIX = "lk[pws](?:_|%5[Ff])";
    // the tail stops where another prefix starts, so two tokens glued together are two matches
    private static final Pattern TOKEN_LIKE = Pattern.compile(PREFIX + "(?:(?!" + PREFIX + ")[0-9A-Za-z]){" + MIN_TAIL + ",}");
    private static final Pattern WHOLE_TOKEN = Pattern.compile(TokenFormat.SCANNER_REGEX);

    private TokenRedaction() {
    }

    /** Whether {@code text} holds a token or a part of one long enough to matter. */
    public static boolean containsTokenLike(String text) {
        return text != null && TOKEN_LIKE.matcher(text).find();
    }

    /** Whether {@code text} holds what a secret scanner would report as a whole token. */
    public static boolean containsToken(String text) {
        return text != null && WHOLE_TOKEN.matcher(text).find();
    }

    public static String redact(String text) {
        return text == null ? null : TOKEN_LIKE.matcher(text).replaceAll(REDACTED);
    }

    /** Redacts, then cuts to at most {@code max} characters without splitting a surrogate pair; null stays null. */
    public static String redactThenCut(String text, int max) {
        return cut(redact(text), max);
    }

    /** Like {@link #redactThenCut} but marks a cut with an ellipsis, for text echoed in a message. */
    public static String echo(String text, int max) {
        String redacted = redact(text);
        return redacted == null || redacted.length() <= max ? redacted : cut(redacted, max) + "\u2026";
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
