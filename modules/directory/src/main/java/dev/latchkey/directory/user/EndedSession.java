package dev.latchkey.directory.user;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A session ended by logout: its JWT id is refused until the JWT would have expired anyway, then the row is purged. */
@MappedEntity("ended_sessions")
public record EndedSession(@Id UUID sessionId, UUID userId, Instant expiresAt) {
}
