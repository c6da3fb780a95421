package dev.latchkey.directory.governance;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every look-up names the token or the workspace it is about; nothing crosses tenants by id alone. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface PersonalTokenAccessRepository extends CrudRepository<PersonalTokenAccess, UUID> {
    List<PersonalTokenAccess> findByTokenId(UUID tokenId);

    /** A page of one user's tokens at once (a token list): bounded by the user. */
    List<PersonalTokenAccess> findByUserIdAndTokenIdIn(UUID userId, Collection<UUID> tokenIds);

    Optional<PersonalTokenAccess> findByTokenIdAndWorkspaceId(UUID tokenId, UUID workspaceId);

    List<PersonalTokenAccess> findByWorkspaceId(UUID workspaceId);

    List<PersonalTokenAccess> findByUserIdOrderByCreatedAt(UUID userId);

    List<PersonalTokenAccess> findByWorkspaceIdAndStateOrderByCreatedAt(UUID workspaceId, String state);

    /** For the operators' gauge ({@code PendingApprovals}): a number across workspaces, never their rows. */
    long countByState(String state);
}
