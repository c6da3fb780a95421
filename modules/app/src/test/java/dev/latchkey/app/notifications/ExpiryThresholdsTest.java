package dev.latchkey.app.notifications;

import dev.latchkey.notifications.expiry.ExpiryNotices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which notice is due: 7 days always; 30 and 60 only when the lifetime is longer; the nearest reached wins. */
class ExpiryThresholdsTest {
    @ParameterizedTest(name = "lifetime {0}d, {1}h left -> {2}")
    @CsvSource({
            "90, 2000, ''", // 83 days left: nothing yet
            "90, 1440, 60", // exactly 60 days left
            "90, 1000, 60",
            "90, 720, 30",
            "90, 500, 30",
            "90, 168, 7",
            "90, 1, 7",
            "30, 700, ''", // a 30-day lifetime gets no 30-day notice
            "30, 168, 7",
            "45, 1000, ''", // 60 is beyond a 45-day lifetime and 30 not reached
            "45, 700, 30",
            "3, 48, 7", // shorter than a week: the 7-day notice at once
            "90, 0, ''" // expired: nothing
    })
    void theDueThreshold(int lifetimeDays, int hoursLeft, String expected) {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Instant expiry = now.plus(Duration.ofHours(hoursLeft));
        Instant issued = expiry.minus(Duration.ofDays(lifetimeDays));
        Optional<Integer> due = ExpiryNotices.due(issued, expiry, now);
        assertEquals(expected.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(expected)), due);
    }
}
