package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the token format, checked for every kind over edge-case secrets and a fixed
 * set of seeded random ones. Mutations are enumerated exhaustively (every position, every
 * alphabet character) rather than sampled, so a failure names the exact case and reproduces.
 */
class TokenFormatPropertiesTest {

    private static final Pattern SCANNER = Pattern.compile(TokenFormat.SCANNER_REGEX);
    private static final String ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long SEED = 0x1a7c4c3eL;
    private static final int RANDOM_SECRETS_PER_KIND = 20;

    static Stream<Arguments> tokens() {
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(new byte[32]);
        byte[] max = new byte[32];
        Arrays.fill(max, (byte) 0xff);
        secrets.add(max);
        byte[] topBit = new byte[32];
        topBit[0] = (byte) 0x80;
        secrets.add(topBit);
        byte[] lowest = new byte[32];
        lowest[31] = 1;
        secrets.add(lowest);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_SECRETS_PER_KIND; i++) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            secrets.add(secret);
        }
        List<Arguments> cases = new ArrayList<>();
        for (TokenKind kind : TokenKind.values()) {
            for (int i = 0; i < secrets.size(); i++) {
                cases.add(Arguments.of(kind, i, secrets.get(i)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void aTokenMatchesTheScannerRegexAndParsesBackToItsKindAndValue(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);

        ParsedToken parsed = TokenFormat.parse(token);

        assertEquals(53, token.length());
        assertTrue(SCANNER.matcher(token).matches());
        assertEquals(kind, parsed.kind());
        assertEquals(token, parsed.value());
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void theBodyIsTheSecretInBase62AndTheTailIsTheCrc32OfPrefixAndBody(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        CRC32 crc = new CRC32();
        crc.update(token.substring(0, 47).getBytes(StandardCharsets.US_ASCII));

        assertEquals(new BigInteger(1, secret), decodeBase62(token.substring(4, 47)));
        assertEquals(BigInteger.valueOf(crc.getValue()), decodeBase62(token.substring(47)));
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void substitutingAnyOneCharacterWithinTheAlphabetIsRejected(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        for (int position = 0; position < token.length(); position++) {
            for (char replacement : ALPHABET.toCharArray()) {
                if (token.charAt(position) == replacement) {
                    continue;
                }
                String mutated = token.substring(0, position) + replacement + token.substring(position + 1);
                String expected = TokenKind.fromPrefix(mutated).isEmpty()
                        ? MalformedTokenException.WRONG_PREFIX
                        : MalformedTokenException.CHECKSUM_MISMATCH;
                assertRejected(mutated, expected, "substitution at " + position);
            }
        }
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void deletingAnyOneCharacterIsRejected(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        for (int position = 0; position < token.length(); position++) {
            String mutated = token.substring(0, position) + token.substring(position + 1);
            String expected = position < 4 ? MalformedTokenException.WRONG_PREFIX : MalformedTokenException.WRONG_LENGTH;
            assertRejected(mutated, expected, "deletion at " + position);
        }
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void insertingAnyOneCharacterIsRejected(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        for (int position = 0; position <= token.length(); position++) {
            for (char inserted : ALPHABET.toCharArray()) {
                String mutated = token.substring(0, position) + inserted + token.substring(position);
                String expected = TokenKind.fromPrefix(mutated).isEmpty()
                        ? MalformedTokenException.WRONG_PREFIX
                        : MalformedTokenException.WRONG_LENGTH;
                assertRejected(mutated, expected, "insertion at " + position);
            }
        }
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void relabellingATokenAsAnotherKindFailsTheChecksum(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        for (TokenKind other : TokenKind.values()) {
            if (other != kind) {
                assertRejected(other.prefix() + token.substring(4), MalformedTokenException.CHECKSUM_MISMATCH,
                        "relabelled as " + other);
            }
        }
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void aRejectionNeverQuotesTheToken(TokenKind kind, int n, byte[] secret) {
        String token = TokenFormat.compose(kind, secret);
        List<String> mutants = List.of(
                token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11),
                token.substring(0, 52),
                token + "0",
                token.substring(0, 30) + "-" + token.substring(31));
        for (String mutant : mutants) {
            try {
                TokenFormat.parse(mutant);
                fail("accepted a mutant");
            } catch (MalformedTokenException e) {
                String printed = e.toString() + Arrays.toString(e.getStackTrace());
                assertFalse(printed.contains(token.substring(4, 12)), printed);
                assertFalse(printed.contains(token.substring(40, 48)), printed);
                assertEquals(null, e.getCause());
            }
        }
    }

    @ParameterizedTest(name = "{0} secret #{1}")
    @MethodSource("tokens")
    void aParsedTokenPrintsOnlyItsKindAndHint(TokenKind kind, int n, byte[] secret) {
        ParsedToken parsed = TokenFormat.parse(TokenFormat.compose(kind, secret));

        String printed = parsed.toString();

        assertEquals("ParsedToken[kind=" + kind + ", hint=\u2026" + parsed.hint() + "]", printed);
        assertFalse(printed.contains(parsed.value().substring(4, 47)));
    }

    @Test
    void generatedSecretsAreDistinctAndParseBack() {
        TokenSecrets secrets = new TokenSecrets(new SecureRandom());
        int count = 30_000;
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < count; i++) {
            TokenKind kind = TokenKind.values()[i % 3];
            String token = secrets.generate(kind);
            assertEquals(kind, TokenFormat.parse(token).kind());
            bodies.add(token.substring(4, 47));
        }
        assertEquals(count, bodies.size());
    }

    private static void assertRejected(String raw, String reason, String what) {
        try {
            TokenFormat.parse(raw);
        } catch (MalformedTokenException e) {
            assertEquals(reason, e.reason(), what);
            return;
        }
        fail("accepted after " + what);
    }

    /** Written independently of {@link Base62#encode}: Horner's rule, the other direction. */
    private static BigInteger decodeBase62(String digits) {
        BigInteger value = BigInteger.ZERO;
        for (char c : digits.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
        }
        return value;
    }
}
