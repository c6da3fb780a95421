package dev.latchkey.workspacetokens.web;

import dev.latchkey.directory.tokentypes.TokenTypeRef;
import dev.latchkey.tokens.core.PermissionList;

import dev.latchkey.authz.ProjectRole;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.workspacetokens.model.WorkspaceGrant;
import dev.latchkey.workspacetokens.model.WorkspaceToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workspace token as the API shows it: everything but the secret. Its subject is the workspace.
 * {@code selfRotate}: whether its grant also lists {@code self-rotate} (POST /api/tokens/self/rotate).
 */
@Serdeable
record WorkspaceTokenView(UUID id, String kind, String name, @Nullable String note, String hint, SubjectView subject,
                          boolean active, String status, GrantView grant, List<String> ipRestrictions,
                          @Nullable UUID createdBy, Instant createdAt, Instant updatedAt, @Nullable Instant expiresAt,
                          @Nullable Instant lastUsedAt, @Nullable String lastUsedIp, @Nullable Instant revokedAt,
                          @Nullable TokenTypeRef type, boolean selfRotate) {

    @Serdeable
    record SubjectView(String type, UUID id) {
    }

    /**
     * The grant in the shape it was given: one of {@code allProjects}, {@code projects} is set, or,
     * for a token made with a type, {@code permissions} (on every project of the workspace).
     */
    @Serdeable
    record GrantView(@Nullable String allProjects, @Nullable Map<String, String> projects,
                     @Nullable List<String> permissions) {
        static GrantView of(WorkspaceGrant grant) {
            if (grant.storedPermissions() != null) {
                return new GrantView(null, null, PermissionList.keys(grant.storedPermissions()));
            }
            if (grant.allProjects() != null) {
                return new GrantView(grant.allProjects().name(), null, null);
            }
            Map<String, String> projects = new LinkedHashMap<>();
            for (Map.Entry<UUID, ProjectRole> e : grant.projects().entrySet()) {
                projects.put(e.getKey().toString(), e.getValue().name());
            }
            return new GrantView(null, projects, null);
        }
    }

    static WorkspaceTokenView of(WorkspaceToken t, Instant now) {
        TokenState state = TokenState.of(t.revokedAt(), t.expiresAt(), now);
        return new WorkspaceTokenView(t.id(), "workspace", t.name(), t.note(), t.hint(),
                new SubjectView("workspace", t.workspaceId()), state == TokenState.ACTIVE, state.code(),
                GrantView.of(t.grant()), IpRestrictions.storedEntries(t.ipRestrictions()), t.createdBy(),
                t.createdAt(), t.updatedAt(), t.expiresAt(), t.lastUsedAt(), t.lastUsedIp(), t.revokedAt(),
                TokenTypeRef.of(t.typeId(), t.typeName()), t.selfRotate());
    }
}
