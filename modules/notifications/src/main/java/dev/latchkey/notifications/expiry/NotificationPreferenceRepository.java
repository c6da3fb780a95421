package dev.latchkey.notifications.expiry;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Keyed by the user: a caller only ever reads and writes its own row. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface NotificationPreferenceRepository extends CrudRepository<NotificationPreference, UUID> {
}
