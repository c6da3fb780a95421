package dev.latchkey.pat.web;

import dev.latchkey.directory.tokentypes.TokenTypeRef;

import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A personal token as the API shows it: everything but the secret. */
@Serdeable
record PersonalTokenView(UUID id, String kind, String name, @Nullable String note, String hint, SubjectView subject,
                         boolean active, String status, List<String> scopes, @Nullable UUID workspace,
                         List<String> ipRestrictions, Instant createdAt, Instant updatedAt,
                         @Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp,
                         @Nullable Instant revokedAt, @Nullable TokenTypeRef type) {

    @Serdeable
    record SubjectView(String type, UUID id) {
    }

    static PersonalTokenView of(PersonalToken t, Instant now) {
        TokenState state = TokenState.of(t.revokedAt(), t.expiresAt(), now);
        return new PersonalTokenView(t.id(), "personal", t.name(), t.note(), t.hint(), new SubjectView("user", t.userId()),
                state == TokenState.ACTIVE, state.code(),
                PermissionList.keys(t.scopes()), t.workspaceId(),
                IpRestrictions.storedEntries(t.ipRestrictions()),
                t.createdAt(), t.updatedAt(), t.expiresAt(), t.lastUsedAt(), t.lastUsedIp(), t.revokedAt(),
                TokenTypeRef.of(t.typeId(), t.typeName()));
    }
}
