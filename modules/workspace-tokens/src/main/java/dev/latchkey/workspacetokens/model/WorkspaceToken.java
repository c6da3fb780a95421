package dev.latchkey.workspacetokens.model;

import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenEntity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Relation;

import java.util.UUID;

/**
 * A workspace API token as stored: the hash of the secret, never the secret. It acts for its
 * workspace (not for {@code createdBy}) with exactly its grant, and only in its workspace.
 *
 * @param selfRotate whether the grant also lists {@code self-rotate}, beside whichever form it has
 * @param common     the columns every kind keeps (name, secret hash, lifetime, last use, type)
 */
@MappedEntity("workspace_tokens")
public record WorkspaceToken(
        @Id UUID id,
        UUID workspaceId,
        @Nullable String allProjectsRole,
        @Nullable String projectRoles,
        @Nullable String permissions,
        @Nullable UUID createdBy,
        boolean selfRotate,
        @Relation(Relation.Kind.EMBEDDED) TokenColumns common) implements TokenEntity<WorkspaceToken> {

    public WorkspaceGrant grant() {
        return WorkspaceGrant.fromStorage(allProjectsRole, projectRoles, permissions, selfRotate);
    }
}
