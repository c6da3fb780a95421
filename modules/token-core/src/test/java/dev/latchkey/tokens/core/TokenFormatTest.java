package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFormatTest {

    @Test
    void anAllZeroSecretIsPaddedToFortyThreeZeros() {
        String token = TokenFormat.compose(TokenKind.PERSONAL, new byte[32]);

        assertEquals("lkp_" + "0".repeat(43), token.substring(0, 47));
        assertEquals(TokenKind.PERSONAL, TokenFormat.parse(token).kind());
    }

    @Test
    void theLargestSecretStillFitsInFortyThreeDigits() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 0xff);

        String token = TokenFormat.compose(TokenKind.SERVICE, secret);

        assertEquals(53, token.length());
        assertEquals(TokenKind.SERVICE, TokenFormat.parse(token).kind());
    }

    @Test
    void aSecretOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenFormat.compose(TokenKind.PERSONAL, new byte[31]));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void aMissingTokenIsBlank(String raw) {
        MalformedTokenException e = assertThrows(MalformedTokenException.class, () -> TokenFormat.parse(raw));
        assertEquals("blank", e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lkx_", "LKP_", "lk_", "ghp_", "eyJhbGciOiJIUzI1NiJ9.e30.sig", "Bearer"})
    void aTokenWithoutALatchkeyPrefixHasTheWrongPrefix(String prefix) {
        String raw = prefix + "0".repeat(53 - Math.min(prefix.length(), 53));

        MalformedTokenException e = assertThrows(MalformedTokenException.class, () -> TokenFormat.parse(raw));

        assertEquals("wrong prefix", e.reason());
        assertFalse(TokenFormat.looksLikeLatchkeyToken(raw));
    }

    @Test
    void aCharacterOutsideBase62IsInvalid() {
        String token = TokenFormat.compose(TokenKind.WORKSPACE, new byte[32]);
        for (char bad : new char[] {'-', '_', '+', '/', '=', ' ', '\u00e9'}) {
            String raw = token.substring(0, 20) + bad + token.substring(21);

            MalformedTokenException e = assertThrows(MalformedTokenException.class, () -> TokenFormat.parse(raw));

            assertEquals("invalid character", e.reason());
        }
    }

    @Test
    void surroundingWhitespaceIsNotTrimmed() {
        String token = TokenFormat.compose(TokenKind.PERSONAL, new byte[32]);

        assertEquals("wrong length",
                assertThrows(MalformedTokenException.class, () -> TokenFormat.parse(token + " ")).reason());
    }

    @Test
    void latchkeyTokensAreToldApartFromJwtsByPrefix() {
        assertTrue(TokenFormat.looksLikeLatchkeyToken("lkp_"));
        assertTrue(TokenFormat.looksLikeLatchkeyToken("lkw_short"));
        assertTrue(TokenFormat.looksLikeLatchkeyToken("lks_x"));
        assertFalse(TokenFormat.looksLikeLatchkeyToken("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
        assertFalse(TokenFormat.looksLikeLatchkeyToken(null));
    }

    @Test
    void eachKindIsFoundByItsPrefix() {
        for (TokenKind kind : TokenKind.values()) {
            assertEquals(Optional.of(kind), TokenKind.fromPrefix(kind.prefix()));
        }
        assertEquals(Optional.empty(), TokenKind.fromPrefix("lk"));
    }

    @Test
    void theHintIsTheLastFourCharacters() {
        String token = TokenFormat.compose(TokenKind.PERSONAL, new byte[32]);

        assertEquals(token.substring(49), TokenFormat.parse(token).hint());
    }

    @Test
    void aParsedTokenMustCarryThePrefixOfItsKind() {
        String token = TokenFormat.compose(TokenKind.PERSONAL, new byte[32]);

        assertThrows(IllegalArgumentException.class, () -> new ParsedToken(TokenKind.SERVICE, token));
    }
}
