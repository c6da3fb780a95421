package dev.latchkey.authz;

import java.util.Objects;
import java.util.UUID;

/** Where a {@link Grant} applies. */
public sealed interface Scope {

    /** Anywhere; used for the scopes of a personal token that is not limited to some workspaces. */
    record Global() implements Scope {}

    /** The workspace resource itself: this is where workspace-level permissions are held. */
    record Workspace(UUID workspaceId) implements Scope {
        public Workspace {
            Objects.requireNonNull(workspaceId, "workspaceId");
        }
    }

    /** Every project of the workspace, including projects created later. */
    record AllProjects(UUID workspaceId) implements Scope {
        public AllProjects {
            Objects.requireNonNull(workspaceId, "workspaceId");
        }
    }

    record Project(UUID workspaceId, UUID projectId) implements Scope {
        public Project {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(projectId, "projectId");
        }
    }

    record User(UUID userId) implements Scope {
        public User {
            Objects.requireNonNull(userId, "userId");
        }
    }
}
