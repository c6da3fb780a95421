package dev.latchkey.directory.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** An audit event as stored; rows are only ever inserted. */
@MappedEntity("audit_events")
public record AuditEventRow(
        @Id UUID id,
        Instant occurredAt,
        String action,
        String actorType,
        @Nullable UUID actorId,
        @Nullable String targetType,
        @Nullable UUID targetId,
        @Nullable String tokenKind,
        @Nullable UUID workspaceId,
        @Nullable UUID ownerUserId,
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String details) {
}
