package dev.latchkey.servicetokens.web;

import dev.latchkey.directory.tokentypes.TokenTypeRef;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.directory.project.Project;
import dev.latchkey.servicetokens.application.ServiceTokens;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service token as the API shows it: the shape the product's API clients already read
 * ({@code id, note, permissions, allProjects, projects, user, createdAt, updatedAt, expiresAt}),
 * then the lifecycle fields every Latchkey token has. Everything but the secret. As seed 004 types
 * them: {@code note} is a string, never null (empty when there is none); {@code projects[].version} a string.
 */
@Serdeable
record ServiceTokenView(UUID id, String note, List<String> permissions, boolean allProjects,
                        List<ProjectView> projects, ServiceUserView user, Instant createdAt, Instant updatedAt,
                        @Nullable Instant expiresAt,
                        String kind, String name, String hint, boolean active, String status,
                        List<String> ipRestrictions, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp,
                        @Nullable Instant revokedAt, @Nullable TokenTypeRef type) {

    /**
     * A project of the grant. {@code organisationId} is the workspace id (the clients' word for a
     * workspace); {@code version} is the project's updatedAt in epoch seconds, as a string (seed 004's
     * type), so it changes
     * whenever the project does (projects keep no revision counter).
     */
    @Serdeable
    record ProjectView(UUID id, String name, String key, UUID organisationId, String version, Instant createdAt,
                       Instant updatedAt, @JsonProperty("protected") boolean isProtected) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.name(), p.key(), p.workspaceId(), Long.toString(p.updatedAt().getEpochSecond()),
                    p.createdAt(), p.updatedAt(), p.isProtected());
        }
    }

    static ServiceTokenView of(ServiceTokens.Shown shown, Instant now) {
        ServiceToken t = shown.token();
        TokenState state = TokenState.of(t.revokedAt(), t.expiresAt(), now);
        return new ServiceTokenView(t.id(), t.note() == null ? "" : t.note(), PermissionList.keys(t.permissions()), t.allProjects(),
                shown.projects().stream().map(ProjectView::of).toList(), ServiceUserView.of(shown.user()),
                t.createdAt(), t.updatedAt(), t.expiresAt(),
                "service", t.name(), t.hint(), state == TokenState.ACTIVE, state.code(),
                IpRestrictions.storedEntries(t.ipRestrictions()), t.lastUsedAt(), t.lastUsedIp(), t.revokedAt(),
                TokenTypeRef.of(t.typeId(), t.typeName()));
    }
}
