package dev.latchkey.directory.policy;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** Keyed by workspace id: the look-up names its tenant by construction. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface StoredPolicyRepository extends CrudRepository<StoredPolicy, UUID> {
    /** The policies that clean up unused tokens, for the scheduled job (issue #19). */
    List<StoredPolicy> findByRevokeUnusedAfterDaysIsNotNull();
}
