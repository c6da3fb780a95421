package dev.latchkey.directory.audit;

/**
 * Told of every audit event as it is stored, inside the transaction that stores it (when there is
 * one): the webhook outbox queues its deliveries here, so a change, its audit event and its webhook
 * deliveries commit or roll back together. A listener must be quick and must not call the trail.
 */
public interface AuditListener {
    void recorded(AuditEventRow event);
}
