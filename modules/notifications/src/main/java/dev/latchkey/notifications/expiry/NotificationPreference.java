package dev.latchkey.notifications.expiry;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A user's choice of notifications; no row means the defaults (expiry e-mails on). */
@MappedEntity("notification_preferences")
record NotificationPreference(@Id UUID userId, boolean expiryEmails, Instant updatedAt) {
}
