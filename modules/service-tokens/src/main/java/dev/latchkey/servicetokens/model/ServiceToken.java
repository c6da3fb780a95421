package dev.latchkey.servicetokens.model;

import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenEntity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Relation;

import java.util.UUID;

/**
 * A service user's token as stored: the hash of the secret, never the secret. Its grant (see
 * {@link ServiceGrant}) is all its service user holds, so the grant is both the token's ceiling
 * and its subject's rights.
 *
 * @param common the columns every kind keeps (name, secret hash, lifetime, last use, type)
 */
@MappedEntity("service_tokens")
public record ServiceToken(
        @Id UUID id,
        UUID workspaceId,
        UUID serviceUserId,
        String permissions,
        boolean allProjects,
        @Nullable String projectIds,
        @Relation(Relation.Kind.EMBEDDED) TokenColumns common) implements TokenEntity<ServiceToken> {

    public ServiceGrant grant() {
        return ServiceGrant.fromStorage(permissions, allProjects, projectIds);
    }
}
