package dev.latchkey.notifications.webhooks;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.MYSQL)
interface WebhookAttemptRepository extends CrudRepository<WebhookAttempt, UUID> {
    List<WebhookAttempt> findByWorkspaceIdAndDeliveryIdOrderById(UUID workspaceId, UUID deliveryId);
}
