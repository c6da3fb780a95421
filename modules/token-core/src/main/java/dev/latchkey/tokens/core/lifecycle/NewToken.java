package dev.latchkey.tokens.core.lifecycle;

import dev.latchkey.tokens.core.IssuedToken;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The common fields of a token about to be stored, already validated by the lifecycle; the kind
 * adds its subject and grant to make its row.
 *
 * @param note           null for none
 * @param ipRestrictions storage form, null when unrestricted
 * @param expiresAt      null for never
 */
public record NewToken(UUID id, String name, String note, IssuedToken secret, String ipRestrictions, Instant now,
                       Instant expiresAt) {
    public NewToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(now, "now");
    }

    @Override
    public String toString() {
        return "NewToken[id=" + id + "]";
    }
}
