package dev.latchkey.directory.governance;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A member's personal access token as one workspace sees it (issue #19): waiting for an owner's
 * approval, approved, denied with the owner's note, or cut off from this workspace by a bulk
 * revoke. No row: the token acts with its owner's rights there, like before governance existed.
 */
@MappedEntity("personal_token_workspace_access")
public record PersonalTokenAccess(@Id UUID id, UUID tokenId, UUID workspaceId, UUID userId, String state,
                                  @Nullable String note, @Nullable UUID decidedBy, Instant createdAt,
                                  Instant updatedAt) {

    /** The states; their codes appear in the API and in the inventory's {@code state} filter. */
    public enum State {
        PENDING("pending"), APPROVED("approved"), DENIED("denied"), EXCLUDED("excluded");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static State of(String code) {
            for (State s : values()) {
                if (s.code.equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(code);
        }

        /** Whether the token may act in the workspace in this state. */
        public boolean admits() {
            return this == APPROVED;
        }
    }

    public State stateValue() {
        return State.of(state);
    }

    public PersonalTokenAccess with(State next, @Nullable String newNote, @Nullable UUID by, Instant now) {
        return new PersonalTokenAccess(id, tokenId, workspaceId, userId, next.code(), newNote, by, createdAt, now);
    }
}
