package dev.latchkey.directory.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A person (HUMAN, signs in with a password) or a service user (SERVICE, belongs to one
 * workspace and acts only through its tokens).
 */
@MappedEntity("users")
public record User(
        @Id UUID id,
        String email,
        String firstName,
        String lastName,
        UserKind kind,
        UserStatus status,
        @Nullable String passwordHash,
        @Nullable UUID workspaceId,
        Instant createdAt,
        Instant updatedAt) {

    public boolean active() {
        return status == UserStatus.ACTIVE;
    }

    /** The password hash never leaves the directory; printing a user must not show it. */
    @Override
    public String toString() {
        return "User[id=" + id + ", kind=" + kind + ", status=" + status + "]";
    }
    /** First and last names follow {@code DisplayText.name}; the columns hold this many characters. */
    public static final int MAX_NAME = 100;
    public static final int MAX_EMAIL = 254;
}
