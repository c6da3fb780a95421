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

    /**
     * Every project of a workspace, present and future, as one thing to ask about: a permission is
     * held here only through a grant on all projects (or a global one), never through grants on
     * single projects, however many. Asked when handing out something that reaches every project.
     */
    record AllProjects(UUID workspaceId) implements Resource {
        public AllProjects {
            Objects.requireNonNull(workspaceId, "workspaceId");
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
