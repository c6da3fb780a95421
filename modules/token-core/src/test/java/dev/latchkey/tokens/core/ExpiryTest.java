package dev.latchkey.tokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryTest {

    /** Fractional on purpose: results must come back in whole seconds. */
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.750Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "7d,    2025-03-08T10:15:30Z",
        "30d,   2025-03-31T10:15:30Z",
        "60d,   2025-04-30T10:15:30Z",
        "90d,   2025-05-30T10:15:30Z",
        "90D,   2025-05-30T10:15:30Z",
        "' 7d ', 2025-03-08T10:15:30Z",
    })
    void aPresetExpiresThatManyDaysFromNowInWholeSeconds(String expiration, Instant expected) {
        assertEquals(Optional.of(expected), Expiry.resolve(expiration, null, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"never", "NEVER", "Never"})
    void theNeverPresetGivesNoExpiry(String expiration) {
        assertEquals(Optional.empty(), Expiry.resolve(expiration, null, NOW));
    }

    @Test
    void withNeitherPresetNorDateATokenExpiresInThirtyDays() {
        assertEquals(Optional.of(Instant.parse("2025-03-31T10:15:30Z")), Expiry.resolve(null, null, NOW));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2025-03-01T10:15:31Z,        2025-03-01T10:15:31Z",
        "2025-03-01T10:15:31.999Z,    2025-03-01T10:15:31Z",
        "2026-01-01T00:00:00Z,        2026-01-01T00:00:00Z",
        "9999-12-30T23:59:59Z,        9999-12-30T23:59:59Z",
    })
    void anExplicitFutureDateIsKeptInWholeSeconds(Instant expiresAt, Instant expected) {
        assertEquals(Optional.of(expected), Expiry.resolve(null, expiresAt, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-03-01T10:15:30.750Z", // now
        "2025-03-01T10:15:30.999Z", // later than now, but not once cut to the second
        "2025-03-01T10:15:29Z",
        "2000-01-01T00:00:00Z",
    })
    void anExplicitDateThatIsNotInTheFutureIsRefused(Instant expiresAt) {
        InvalidTokenSettingsException e = assertThrows(InvalidTokenSettingsException.class,
                () -> Expiry.resolve(null, expiresAt, NOW));

        assertEquals("expiresAt must be in the future", e.getMessage());
    }

    /** Past what MySQL/MariaDB DATETIME holds in any session time zone: a 500 there, stored on H2, so refused on both. */
    @ParameterizedTest
    @ValueSource(strings = {"9999-12-31T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"})
    void anExplicitDateTheDatabaseCannotHoldIsRefused(Instant expiresAt) {
        InvalidTokenSettingsException e = assertThrows(InvalidTokenSettingsException.class,
                () -> Expiry.resolve(null, expiresAt, NOW));

        assertEquals("expiresAt", e.field());
        assertEquals("expiresAt must be before 9999-12-31T00:00:00Z", e.getMessage());
    }

    @Test
    void givingBothAPresetAndADateIsRefused() {
        InvalidTokenSettingsException e = assertThrows(InvalidTokenSettingsException.class,
                () -> Expiry.resolve("7d", Instant.parse("2026-01-01T00:00:00Z"), NOW));

        assertEquals("give either expiration or expiresAt, not both", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "14d", "1y", "SEVEN_DAYS", "forever"})
    void anUnknownPresetIsRefusedWithTheAllowedValues(String expiration) {
        InvalidTokenSettingsException e = assertThrows(InvalidTokenSettingsException.class,
                () -> Expiry.resolve(expiration, null, NOW));

        assertEquals("expiration must be one of 7d, 30d, 60d, 90d, never", e.getMessage());
    }

    @Test
    void presetsKnowTheirLabelsAndDays() {
        assertEquals(Optional.of(ExpiryPreset.SIXTY_DAYS), ExpiryPreset.fromLabel("60d"));
        assertEquals(OptionalInt.of(60), ExpiryPreset.SIXTY_DAYS.days());
        assertEquals(OptionalInt.empty(), ExpiryPreset.NEVER.days());
        assertEquals(Optional.empty(), ExpiryPreset.fromLabel(null));
    }
}
