package dev.latchkey.tokens.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes tokens for storage and lookup: HMAC-SHA-256 keyed with a server-side pepper, so a
 * leaked token table alone cannot be used to check guesses. Tokens carry 256 random bits, so a
 * fast keyed hash is enough; no salt, because the hash must be an indexable lookup key.
 *
 * <p>Older peppers are kept so tokens hashed before a pepper rotation can still be found
 * (see {@link #candidateHashes}). Thread-safe.
 */
public final class TokenHasher {

    public static final int MIN_PEPPER_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac current;
    private final List<Mac> old;

    public TokenHasher(byte[] currentPepper) {
        this(currentPepper, List.of());
    }

    /** @param oldPeppers peppers in use before {@code currentPepper}, most recent first */
    public TokenHasher(byte[] currentPepper, List<byte[]> oldPeppers) {
        Objects.requireNonNull(oldPeppers, "oldPeppers");
        this.current = prototype(currentPepper);
        List<Mac> olds = new ArrayList<>(oldPeppers.size());
        for (byte[] pepper : oldPeppers) {
            olds.add(prototype(pepper));
        }
        this.old = List.copyOf(olds);
    }

    /** HMAC-SHA-256 of the token string under the current pepper; 32 bytes. */
    public byte[] hash(ParsedToken token) {
        return hmac(current, token);
    }

    /** The token's hash under the current pepper, then under each old pepper in order. */
    public List<byte[]> candidateHashes(ParsedToken token) {
        List<byte[]> hashes = new ArrayList<>(1 + old.size());
        hashes.add(hmac(current, token));
        for (Mac mac : old) {
            hashes.add(hmac(mac, token));
        }
        return List.copyOf(hashes);
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static Mac prototype(byte[] pepper) {
        Objects.requireNonNull(pepper, "pepper");
        if (pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException(
                    "a pepper needs at least " + MIN_PEPPER_BYTES + " bytes, got " + pepper.length);
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(pepper, ALGORITHM));
            fresh(mac); // fail at start-up, not on the first request, if the provider can't clone
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(Mac prototype, ParsedToken token) {
        Objects.requireNonNull(token, "token");
        return fresh(prototype).doFinal(token.value().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A Mac is stateful, so each call works on its own copy. Cloning the initialised prototype
     * skips the provider lookup and key setup, and unlike a ThreadLocal it holds nothing per
     * thread.
     */
    private static Mac fresh(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone a Mac", e);
        }
    }
}
