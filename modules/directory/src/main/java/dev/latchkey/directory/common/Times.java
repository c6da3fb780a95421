package dev.latchkey.directory.common;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Domain timestamps are kept at whole seconds: MariaDB behind mysql-connector-j drops fractions, and a value must read back as written. */
public final class Times {
    private Times() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
