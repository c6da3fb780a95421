package dev.latchkey.directory.common;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/** Identifiers for everything Latchkey stores. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * A version 7 UUID: the first 48 bits are the creation millisecond, so ordering rows by id is
     * ordering them by creation, and a cursor on the id pages stably through inserts.
     */
    public static UUID newId() {
        long millis = System.currentTimeMillis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Parses a canonical UUID string; anything else (including the lenient forms UUID.fromString takes) is empty. */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
