package dev.latchkey.tokens.core;

import java.math.BigInteger;

/** Fixed-width base62 over the alphabet {@code 0-9A-Za-z}, most significant digit first. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final BigInteger RADIX = BigInteger.valueOf(ALPHABET.length());
    private static final boolean[] IN_ALPHABET = new boolean[128];

    static {
        for (char c : ALPHABET.toCharArray()) {
            IN_ALPHABET[c] = true;
        }
    }

    private Base62() {
    }

    /** Encodes a non-negative value, left-padded with '0' to exactly {@code width} digits. */
    static String encode(BigInteger value, int width) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative value");
        }
        char[] digits = new char[width];
        BigInteger rest = value;
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = rest.divideAndRemainder(RADIX);
            digits[i] = ALPHABET.charAt(qr[1].intValue());
            rest = qr[0];
        }
        if (rest.signum() != 0) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
        }
        return new String(digits);
    }

    static boolean isDigit(char c) {
        return c < IN_ALPHABET.length && IN_ALPHABET[c];
    }
}
