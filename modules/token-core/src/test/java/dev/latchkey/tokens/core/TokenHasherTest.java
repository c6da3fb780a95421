package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenHasherTest {

    private static final byte[] PEPPER = filled('B');
    private static final byte[] OLD_PEPPER = filled('C');
    private static final byte[] OLDER_PEPPER = filled('D');

    /** Built from fixed bytes rather than written out, so no token literal sits in the source. */
    private static final ParsedToken TOKEN = TokenFormat.parse(TokenFormat.compose(TokenKind.PERSONAL, counting()));

    @Test
    void theHashIsHmacSha256OfTheTokenStringUnderThePepper() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER, "HmacSHA256"));
        byte[] expected = mac.doFinal(TOKEN.value().getBytes(StandardCharsets.UTF_8));

        byte[] hash = new TokenHasher(PEPPER).hash(TOKEN);

        assertEquals(32, hash.length);
        assertArrayEquals(expected, hash);
    }

    @Test
    void theHashOfAFixedTokenMatchesOpenSsl() {
        // printf %s "$token" | openssl dgst -sha256 -mac HMAC -macopt key:BBBB... (32 x 'B');
        // pins the stored form, so a change to the format or the hashing shows up here
        assertEquals("1ae82398d24c698c26bb370fcd71117f27c0029bda9be4f1b9a0a7b5554559ad",
                HexFormat.of().formatHex(new TokenHasher(PEPPER).hash(TOKEN)));
    }

    @Test
    void differentPeppersGiveDifferentHashes() {
        assertFalse(Arrays.equals(new TokenHasher(PEPPER).hash(TOKEN), new TokenHasher(OLD_PEPPER).hash(TOKEN)));
    }

    @Test
    void differentTokensGiveDifferentHashes() {
        ParsedToken other = TokenFormat.parse(TokenFormat.compose(TokenKind.WORKSPACE, counting()));
        TokenHasher hasher = new TokenHasher(PEPPER);

        assertFalse(Arrays.equals(hasher.hash(TOKEN), hasher.hash(other)));
    }

    @Test
    void candidateHashesListTheCurrentPepperFirstThenTheOldOnesInOrder() {
        TokenHasher rotated = new TokenHasher(PEPPER, List.of(OLD_PEPPER, OLDER_PEPPER));

        List<byte[]> candidates = rotated.candidateHashes(TOKEN);

        assertEquals(3, candidates.size());
        assertArrayEquals(new TokenHasher(PEPPER).hash(TOKEN), candidates.get(0));
        assertArrayEquals(new TokenHasher(OLD_PEPPER).hash(TOKEN), candidates.get(1));
        assertArrayEquals(new TokenHasher(OLDER_PEPPER).hash(TOKEN), candidates.get(2));
        assertEquals("b4371497f79404a422324e529c7dd481c5a78f045e9cdee276bf6469afdd0706",
                HexFormat.of().formatHex(candidates.get(1)));
        assertArrayEquals(candidates.get(0), rotated.hash(TOKEN));
    }

    @Test
    void withoutOldPeppersTheOnlyCandidateIsTheCurrentHash() {
        TokenHasher hasher = new TokenHasher(PEPPER);

        List<byte[]> candidates = hasher.candidateHashes(TOKEN);

        assertEquals(1, candidates.size());
        assertArrayEquals(hasher.hash(TOKEN), candidates.get(0));
    }

    @Test
    void aPepperShorterThan32BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenHasher(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new TokenHasher(PEPPER, List.of(new byte[16])));
    }

    @Test
    void changingThePepperArrayAfterwardsDoesNotChangeTheHash() {
        byte[] pepper = PEPPER.clone();
        TokenHasher hasher = new TokenHasher(pepper);
        byte[] before = hasher.hash(TOKEN);

        Arrays.fill(pepper, (byte) 0);

        assertArrayEquals(before, hasher.hash(TOKEN));
    }

    @Test
    void hashingFromManyThreadsAtOnceGivesTheSameAnswer() throws Exception {
        TokenHasher hasher = new TokenHasher(PEPPER);
        byte[] expected = hasher.hash(TOKEN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = pool.invokeAll(java.util.Collections.nCopies(64, () -> {
                for (int i = 0; i < 500; i++) {
                    if (!Arrays.equals(expected, hasher.hash(TOKEN))) {
                        return false;
                    }
                }
                return true;
            }));
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constantTimeEqualsComparesContents() {
        assertTrue(TokenHasher.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
        assertFalse(TokenHasher.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
        assertFalse(TokenHasher.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2}));
        assertFalse(TokenHasher.constantTimeEquals(new byte[] {1}, null));
    }

    private static byte[] filled(char c) {
        byte[] pepper = new byte[32];
        Arrays.fill(pepper, (byte) c);
        return pepper;
    }

    private static byte[] counting() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }
        return secret;
    }
}
