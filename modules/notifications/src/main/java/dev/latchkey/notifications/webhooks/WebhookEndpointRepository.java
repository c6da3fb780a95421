package dev.latchkey.notifications.webhooks;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query names the workspace: an endpoint id alone never finds another tenant's endpoint. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface WebhookEndpointRepository extends CrudRepository<WebhookEndpoint, UUID> {
    List<WebhookEndpoint> findByWorkspaceIdOrderById(UUID workspaceId);

    List<WebhookEndpoint> findByWorkspaceIdAndEnabled(UUID workspaceId, boolean enabled);

    Optional<WebhookEndpoint> findByWorkspaceIdAndId(UUID workspaceId, UUID id);

    long countByWorkspaceId(UUID workspaceId);

    void deleteByWorkspaceIdAndId(UUID workspaceId, UUID id);
}
