package dev.latchkey.tokens.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The character rules without HTTP; the routes that use them are covered by the app's BadValuesTest. */
class DisplayTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800b", "\uDC00", "a\u202Eb", "a\u200Bb", "a\u0085b", "a\u2028b", "a\nb", "a\uFFFFb"})
    void aNameWithInvisibleOrBrokenCharactersIsRefused(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> DisplayText.name("name", name, 100));
        assertEquals("name", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\u00A0", "\u3000\u3164", "\u200B\u200B", "\u0301"})
    void aBlankNameIsRefusedAndABlankNoteIsNoNote(String blank) {
        assertThrows(InvalidValueException.class, () -> DisplayText.name("name", blank, 100));
        assertNull(DisplayText.note("note", blank, 1000));
    }

    @Test
    void aNoteMaySpanLinesAndNamesKeepOtherScriptsAndEmoji() {
        assertEquals("one\ntwo\tthree", DisplayText.note("note", " one\ntwo\tthree\n", 1000));
        assertEquals("Café \uD83D\uDE80 東京", DisplayText.name("name", " Café \uD83D\uDE80 東京 ", 100));
    }

    @Test
    void redactionHappensBeforeTheCutAndKnowsPartsAndEncodings() {
        String token = "lkp_" + "A1b2C3d4E5".repeat(4) + "xyz" + "123456";
        assertEquals("ab[redacted]", TokenRedaction.redactThenCut("ab" + token, 14));
        assertEquals("[redacted]", TokenRedaction.redact("lkp%5F" + token.substring(4, 30)));
        assertEquals("[redacted][redacted]", TokenRedaction.redact(token + token));
        assertEquals("lkp_short", TokenRedaction.redact("lkp_short"));
        assertEquals("a", TokenRedaction.redactThenCut("a\uD83D\uDE80", 2)); // never half a surrogate pair
    }

    @Test
    void aCopyNameNeverEndsInHalfACharacter() {
        String name = "x".repeat(92) + "\uD83D\uDE80" + "y";
        assertEquals("x".repeat(92) + " (copy)", TokenNames.copyOf(name));
        assertEquals("x".repeat(99), TokenNames.fromNote("x".repeat(99) + "\uD83D\uDE80 more", "default"));
        assertEquals("deploy bot", TokenNames.fromNote("deploy\nbot", "default"));
        assertEquals("default", TokenNames.fromNote(" \n ", "default"));
    }
}
