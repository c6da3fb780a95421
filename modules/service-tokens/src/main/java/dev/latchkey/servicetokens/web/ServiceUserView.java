package dev.latchkey.servicetokens.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.UserKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as service-token responses embed it ({@code id, email, type, status, createdAt,
 * updatedAt, firstName, lastName, isService}), plus the workspace a service user belongs to.
 */
@Serdeable
record ServiceUserView(UUID id, String email, String type, String status, Instant createdAt, Instant updatedAt,
                       String firstName, String lastName, @JsonProperty("isService") boolean isService,
                       @Nullable UUID workspaceId) {

    static ServiceUserView of(User u) {
        return new ServiceUserView(u.id(), u.email(), u.kind().name(), u.status().name(), u.createdAt(), u.updatedAt(),
                u.firstName(), u.lastName(), u.kind() == UserKind.SERVICE, u.workspaceId());
    }
}
