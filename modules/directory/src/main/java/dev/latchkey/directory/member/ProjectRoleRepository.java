package dev.latchkey.directory.member;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface ProjectRoleRepository extends CrudRepository<ProjectRoleAssignment, UUID> {
    List<ProjectRoleAssignment> findByUserId(UUID userId);

    List<ProjectRoleAssignment> findByWorkspaceIdAndUserIdIn(UUID workspaceId, Collection<UUID> userIds);

    List<ProjectRoleAssignment> findByWorkspaceIdAndUserId(UUID workspaceId, UUID userId);

    void deleteByWorkspaceIdAndUserId(UUID workspaceId, UUID userId);

    void deleteByWorkspaceIdAndProjectId(UUID workspaceId, UUID projectId);
}
