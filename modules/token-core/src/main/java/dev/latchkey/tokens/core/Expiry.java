package dev.latchkey.tokens.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what a client asked for (a preset, an explicit date, or nothing) into a token's
 * expiry. Instants come back truncated to whole seconds because MariaDB through
 * mysql-connector-j drops fractions, and a value that changes on its way to the database
 * makes "is it expired yet" comparisons flaky.
 */
public final class Expiry {

    private Expiry() {
    }

    /**
     * @param expiration a preset label ({@link ExpiryPreset#labels()}), or null
     * @param expiresAt  an explicit expiry, or null
     * @param now        the moment of creation
     * @return the expiry, or empty for a token that never expires
     * @throws InvalidTokenSettingsException if both are given, the preset is unknown, or the
     *                                       date is not after {@code now} or not before {@link StorableInstants#LATEST}
     */
    public static Optional<Instant> resolve(String expiration, Instant expiresAt, Instant now) {
        Objects.requireNonNull(now, "now");
        if (expiration != null && expiresAt != null) {
            throw new InvalidTokenSettingsException("expiresAt", "give either expiration or expiresAt, not both");
        }
        if (expiresAt != null) {
            Instant truncated = expiresAt.truncatedTo(ChronoUnit.SECONDS);
            // Compared after truncation: what is stored is what must lie in the future.
            if (!truncated.isAfter(now)) {
                throw new InvalidTokenSettingsException("expiresAt", "expiresAt must be in the future");
            }
            if (!truncated.isBefore(StorableInstants.LATEST)) {
                throw new InvalidTokenSettingsException("expiresAt", "expiresAt must be before " + StorableInstants.LATEST);
            }
            return Optional.of(truncated);
        }
        if (expiration == null) {
            return ExpiryPreset.DEFAULT.expiresAt(now);
        }
        return ExpiryPreset.fromLabel(expiration)
                .orElseThrow(() -> new InvalidTokenSettingsException("expiration",
                        "expiration must be one of " + ExpiryPreset.labels()))
                .expiresAt(now);
    }
}
