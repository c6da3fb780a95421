package dev.latchkey.tokens.core;

import java.time.Instant;

/**
 * The instants a client may send (expiry dates, audit filter bounds): those every database holds.
 * MySQL/MariaDB DATETIME runs from year 1000 to 9999 and fails on anything outside, while H2 would
 * store it, so without this bound the same request is a 500 on one database and stored on the other.
 */
public final class StorableInstants {
    public static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private StorableInstants() {
    }

    /** @throws InvalidValueException naming {@code field} if {@code instant} lies outside [EARLIEST, LATEST) */
    public static Instant require(String field, Instant instant) {
        if (instant != null && (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST))) {
            throw new InvalidValueException(field, field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }
}
