package dev.latchkey.directory.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's session epoch: a login session (JWT) carries the epoch of its login and is valid only
 * while it is still the user's epoch. Changing the password moves the epoch on, which ends every
 * session at once on every node, except {@code keptSession}, the one that made the change. No row
 * means epoch 0.
 */
@MappedEntity("session_epochs")
public record SessionEpoch(@Id UUID userId, long epoch, @Nullable UUID keptSession, Instant updatedAt) {

    static SessionEpoch initial(UUID userId) {
        return new SessionEpoch(userId, 0, null, Instant.EPOCH);
    }

    boolean admits(UUID sessionId, long sessionEpoch) {
        return sessionEpoch == epoch || sessionId.equals(keptSession);
    }
}
