package dev.latchkey.directory.cluster;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One invalidation in the journal: a key of a named per-node cache that changed in storage. */
@MappedEntity("invalidation_journal")
public record JournalEntry(@Id @GeneratedValue @Nullable Long id, String cacheName, String cacheKey, Instant createdAt) {
}
