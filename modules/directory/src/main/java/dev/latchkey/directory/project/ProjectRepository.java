package dev.latchkey.directory.project;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query names the workspace: a project id alone never finds a row of another tenant. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ProjectRepository extends CrudRepository<Project, UUID> {
    Optional<Project> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

    boolean existsByWorkspaceIdAndKey(UUID workspaceId, String key);

    Optional<Project> findByWorkspaceIdAndKey(UUID workspaceId, String key);

    List<Project> findByWorkspaceIdAndIdGreaterThanOrderById(UUID workspaceId, UUID after, Pageable pageable);

    List<Project> findByWorkspaceIdAndIdIn(UUID workspaceId, Collection<UUID> ids);

    long countByWorkspaceIdAndIdIn(UUID workspaceId, Collection<UUID> ids);

    long countByWorkspaceId(UUID workspaceId);

    void deleteByWorkspaceIdAndId(UUID workspaceId, UUID id);
}
