package dev.latchkey.app.integrations;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query names the workspace: a rule id alone never finds another tenant's rule. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface AccessRuleRepository extends CrudRepository<AccessRule, UUID> {
    /** Oldest first: ids are version 7 UUIDs, ordered by creation. */
    List<AccessRule> findByWorkspaceIdOrderById(UUID workspaceId);

    Optional<AccessRule> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

    long countByWorkspaceId(UUID workspaceId);

    void deleteByWorkspaceIdAndId(UUID workspaceId, UUID id);
}
