package dev.latchkey.directory.tokentypes;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query names the workspace, except {@link #findById}, whose callers check the workspace themselves. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface TokenTypeRepository extends CrudRepository<TokenType, UUID> {
    /** Oldest first: ids are version 7 UUIDs, ordered by creation. */
    List<TokenType> findByWorkspaceIdOrderById(UUID workspaceId);

    Optional<TokenType> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

    long countByWorkspaceId(UUID workspaceId);

    void deleteByWorkspaceIdAndId(UUID workspaceId, UUID id);
}
