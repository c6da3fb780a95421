package dev.latchkey.directory.workspace;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface WorkspaceRepository extends CrudRepository<Workspace, UUID> {
    Optional<Workspace> findBySlug(String slug);

    boolean existsBySlug(String slug);

    /** Serializes changes that must see a stable set of owners (the last OWNER is never removed). */
    Optional<Workspace> findByIdForUpdate(UUID id);

    /** The workspaces of a set of ids the caller already holds (its own rows name them), in one read. */
    List<Workspace> findByIdIn(Collection<UUID> ids);

    /** Workspaces are listed only from the set the caller reaches, never all of them. */
    List<Workspace> findByIdInAndIdGreaterThanOrderById(Collection<UUID> ids, UUID after, Pageable pageable);
}
