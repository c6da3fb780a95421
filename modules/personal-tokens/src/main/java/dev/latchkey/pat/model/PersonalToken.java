package dev.latchkey.pat.model;

import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenEntity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Relation;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/**
 * A user's personal access token as stored: the hash of the secret, never the secret. Scopes are
 * a ceiling: the token does what its user may do right now, and no more than its scopes.
 *
 * @param workspaceId the one workspace the token is limited to, or null for every workspace of its user
 * @param common      the columns every kind keeps (name, secret hash, lifetime, last use, type)
 */
@MappedEntity("personal_tokens")
public record PersonalToken(
        @Id UUID id,
        UUID userId,
        String scopes,
        @Nullable UUID workspaceId,
        @Relation(Relation.Kind.EMBEDDED) TokenColumns common) implements TokenEntity<PersonalToken> {
}
