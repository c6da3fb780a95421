package dev.latchkey.tokens.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The token format: a kind prefix ({@code lkp_}, {@code lkw_}, {@code lks_}), 43 base62 digits
 * of a 32-byte random secret, then 6 base62 digits of the CRC32 of prefix and body.
 * Secret scanners match it with {@link #SCANNER_REGEX}.
 *
 * <p>The checksum lets {@link #parse} turn away typos and made-up strings without a database
 * lookup. It covers the prefix too, so a real secret re-labelled as another kind is refused.
 */
public final class TokenFormat {

    public static final int PREFIX_LENGTH = 4;
    public static final int SECRET_BYTES = 32;
    /** 62^43 is just above 2^256, so 43 digits hold any 32-byte value. */
    public static final int BODY_LENGTH = 43;
    /** 62^6 is above 2^32, so 6 digits hold any CRC32. */
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX_LENGTH + BODY_LENGTH + CHECKSUM_LENGTH;
    public static final int HINT_LENGTH = 4;
    public static final String SCANNER_REGEX = "lk[pws]_[0-9A-Za-z]{49}";

    private TokenFormat() {
    }

    /**
     * Checks the shape and checksum of {@code raw}; pure, no IO.
     *
     * <p>No trimming: whitespace around a token is the transport's business, and a token that
     * parses here must be byte-for-byte the one that was issued, since its HMAC is the lookup key.
     *
     * @throws MalformedTokenException with a short reason that never quotes {@code raw}
     */
    public static ParsedToken parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new MalformedTokenException(MalformedTokenException.BLANK);
        }
        Optional<TokenKind> kind = TokenKind.fromPrefix(raw);
        if (kind.isEmpty()) {
            throw new MalformedTokenException(MalformedTokenException.WRONG_PREFIX);
        }
        if (raw.length() != LENGTH) {
            throw new MalformedTokenException(MalformedTokenException.WRONG_LENGTH);
        }
        for (int i = PREFIX_LENGTH; i < LENGTH; i++) {
            if (!Base62.isDigit(raw.charAt(i))) {
                throw new MalformedTokenException(MalformedTokenException.INVALID_CHARACTER);
            }
        }
        String unchecked = raw.substring(0, PREFIX_LENGTH + BODY_LENGTH);
        if (!checksum(unchecked).equals(raw.substring(PREFIX_LENGTH + BODY_LENGTH))) {
            throw new MalformedTokenException(MalformedTokenException.CHECKSUM_MISMATCH);
        }
        return new ParsedToken(kind.get(), raw);
    }

    /**
     * Whether {@code raw} claims to be a Latchkey token (by prefix only), so a bearer value can
     * be routed to token resolution rather than JWT validation before it is fully checked.
     */
    public static boolean looksLikeLatchkeyToken(String raw) {
        return TokenKind.fromPrefix(raw).isPresent();
    }

    /** Builds the token string for {@code secret}; {@link TokenSecrets} supplies the randomness. */
    static String compose(TokenKind kind, byte[] secret) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a secret has " + SECRET_BYTES + " bytes");
        }
        String unchecked = kind.prefix() + Base62.encode(new BigInteger(1, secret), BODY_LENGTH);
        return unchecked + checksum(unchecked);
    }

    private static String checksum(String prefixAndBody) {
        CRC32 crc = new CRC32();
        crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(BigInteger.valueOf(crc.getValue()), CHECKSUM_LENGTH);
    }
}
