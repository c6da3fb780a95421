package dev.latchkey.directory.user;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users are global (an email is unique across the product); service users additionally carry the
 * workspace they belong to, and queries for them are bounded by it.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface UserRepository extends CrudRepository<User, UUID> {
    Optional<User> findByEmail(String email);

    boolean existsByEmail(String email);

    void update(@Id UUID id, String passwordHash, Instant updatedAt);

    List<User> findByIdIn(Collection<UUID> ids);

    /** Serializes creates that are capped per user (see Caps). */
    Optional<User> findByIdForUpdate(UUID id);

    long countByWorkspaceIdAndKindAndStatusIn(UUID workspaceId, UserKind kind, Collection<UserStatus> statuses);

    Optional<User> findByIdAndWorkspaceIdAndKind(UUID id, UUID workspaceId, UserKind kind);

    /** One page of a workspace's users of one kind, in creation order, among the given statuses. */
    List<User> findByWorkspaceIdAndKindAndStatusInAndIdGreaterThanOrderById(UUID workspaceId, UserKind kind,
                                                                            Collection<UserStatus> statuses, UUID after,
                                                                            Pageable pageable);
}
