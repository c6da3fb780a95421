package dev.latchkey.authz;

import java.util.Objects;
import java.util.UUID;

/** What a check asks about. A project always names its workspace so that no lookup is needed. */
public sealed interface Resource {

    /** The level of permissions that are meaningful on this resource. */
    Level level();

    record Workspace(UUID workspaceId) implements Resource {
        public Workspace {
            Objects.requireNonNull(workspaceId, "workspaceId");
        }

        @Override
        public Level level() {
            return Level.WORKSPACE;
        }
    }

    record Project(UUID workspaceId, UUID projectId) implements Resource {
        public Project {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(projectId, "projectId");
        }

        @Override
        public Level level() {
            return Level.PROJECT;
        }
    }

    record User(UUID userId) implements Resource {
        public User {
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public Level level() {
            return Level.USER;
        }
    }
}
