package dev.latchkey.directory.tokens;

import dev.latchkey.tokens.core.lifecycle.BulkRevocation;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The request and response bodies every token kind's HTTP surface shares, so the lifecycle's
 * operations take the same JSON whichever kind they act on. Each kind adds only its create body.
 */
public final class TokenBodies {
    private TokenBodies() {
    }

    /** PATCH: a field left out (or null) keeps its value. */
    @Serdeable
    public record Update(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 2000) String note,
                         @Nullable @Size(max = 100) List<@NotNull String> ipRestrictions) {
    }

    /** Regenerate: neither field keeps the token's lifetime. */
    @Serdeable
    public record Expiry(@Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt) {
        public static Expiry orNone(@Nullable Expiry body) {
            return body == null ? new Expiry(null, null) : body;
        }
    }

    /**
     * Rotate: a new secret, the old one working {@code graceSeconds} more (null or 0: it dies at
     * once); neither expiry field keeps the token's lifetime.
     */
    @Serdeable
    public record Rotate(@Nullable @Size(max = 16) String expiration, @Nullable Instant expiresAt,
                         @Nullable Long graceSeconds) {
        public static Rotate orNone(@Nullable Rotate body) {
            return body == null ? new Rotate(null, null, null) : body;
        }
    }

    /** Copy: no name takes the original's, marked as a copy; no expiry keeps its lifetime. */
    @Serdeable
    @Schema(example = "{\"name\":\"ci (copy)\",\"expiration\":\"30d\"}")
    public record Copy(@Nullable @Size(max = 200) String name, @Nullable @Size(max = 16) String expiration,
                       @Nullable Instant expiresAt) {
        public static Copy orNone(@Nullable Copy body) {
            return body == null ? new Copy(null, null, null) : body;
        }
    }

    @Serdeable
    public record RevokeMany(@NotNull @Size(max = TokenLifecycle.MAX_BULK_REVOKE) List<@NotNull String> ids) {
    }

    @Serdeable
    public record Revoked(List<UUID> revoked, List<String> notFound) {
        public static Revoked of(BulkRevocation result) {
            return new Revoked(result.revoked(), result.notFound());
        }
    }
}
