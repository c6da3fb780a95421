package dev.latchkey.app.governance;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A scheduled job's lock row: whoever moves {@code lockedUntil} forward first runs the job this time. */
@MappedEntity("scheduled_job_locks")
public record JobLock(@Id String name, Instant lockedUntil, @Nullable String lockedBy) {
}
