package dev.latchkey.tokens.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The expiry choices offered when a token is created or regenerated. */
public enum ExpiryPreset {
    SEVEN_DAYS("7d", 7),
    THIRTY_DAYS("30d", 30),
    SIXTY_DAYS("60d", 60),
    NINETY_DAYS("90d", 90),
    NEVER("never", null);

    /** What applies when a client names neither a preset nor a date. */
    public static final ExpiryPreset DEFAULT = THIRTY_DAYS;

    private final String label;
    private final Integer days;

    ExpiryPreset(String label, Integer days) {
        this.label = label;
        this.days = days;
    }

    /** The value clients send, e.g. {@code "30d"} or {@code "never"}. */
    public String label() {
        return label;
    }

    /** Empty for {@link #NEVER}. */
    public OptionalInt days() {
        return days == null ? OptionalInt.empty() : OptionalInt.of(days);
    }

    /** The expiry instant for a token created at {@code now}, whole seconds; empty for never. */
    public Optional<Instant> expiresAt(Instant now) {
        if (days == null) {
            return Optional.empty();
        }
        return Optional.of(now.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS));
    }

    /** Case-insensitive. */
    public static Optional<ExpiryPreset> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.label.equals(wanted)).findFirst();
    }

    /** "7d, 30d, 60d, 90d, never", for error messages and API docs. */
    public static String labels() {
        return Arrays.stream(values()).map(ExpiryPreset::label).collect(Collectors.joining(", "));
    }
}
