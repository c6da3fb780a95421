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
        /** The id no project has (ids are version 7 UUIDs): it stands for "any project". */
        public static final UUID ANY = new UUID(0L, 0L);

        public Project {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(projectId, "projectId");
        }

        /**
         * Any project of the workspace, present or future: only a right held on all its projects
         * (an all-projects or a global grant) covers it, never one held on a single project. What
         * a grant on "all projects" hands out is checked here.
         */
        public static Project anyIn(UUID workspaceId) {
            return new Project(workspaceId, ANY);
        }

        public boolean isAny() {
            return ANY.equals(projectId);
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
