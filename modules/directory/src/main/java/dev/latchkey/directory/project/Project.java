package dev.latchkey.directory.project;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;
import java.util.UUID;

/** A project of a workspace; roles and token grants are given per project. */
@MappedEntity("projects")
public record Project(
        @Id UUID id,
        UUID workspaceId,
        @MappedProperty("project_key") String key,
        String name,
        @MappedProperty("is_protected") boolean isProtected,
        Instant createdAt,
        Instant updatedAt) {
    /** Names follow {@code DisplayText.name}; the column holds this many characters. */
    public static final int MAX_NAME = 100;
}
