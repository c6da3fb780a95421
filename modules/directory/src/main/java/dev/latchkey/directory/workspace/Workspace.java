package dev.latchkey.directory.workspace;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A tenant. Every project, member and token belongs to exactly one. */
@MappedEntity("workspaces")
public record Workspace(@Id UUID id, String slug, String name, Instant createdAt, Instant updatedAt) {
    /** Names follow {@code DisplayText.name}; the column holds this many characters. */
    public static final int MAX_NAME = 100;
}
