package dev.latchkey.directory.member;

import dev.latchkey.authz.WorkspaceRole;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface MembershipRepository extends CrudRepository<Membership, UUID> {
    Optional<Membership> findByWorkspaceIdAndUserId(UUID workspaceId, UUID userId);

    /** Bounded by owner: a user's own memberships, to derive what the user may do. */
    List<Membership> findByUserId(UUID userId);

    List<Membership> findByWorkspaceIdAndIdGreaterThanOrderById(UUID workspaceId, UUID after, Pageable pageable);

    long countByWorkspaceIdAndRole(UUID workspaceId, WorkspaceRole role);

    long countByWorkspaceId(UUID workspaceId);

    long countByUserIdAndRole(UUID userId, WorkspaceRole role);

    void deleteByWorkspaceIdAndUserId(UUID workspaceId, UUID userId);

    void updateRoleAndUpdatedAtById(UUID id, WorkspaceRole role, java.time.Instant updatedAt);
}
