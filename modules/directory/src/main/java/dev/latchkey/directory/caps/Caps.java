package dev.latchkey.directory.caps;

import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.user.UserRepository;
import dev.latchkey.directory.workspace.WorkspaceRepository;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * How much one user or one workspace may hold ({@code latchkey.limits.*}), checked in one place by
 * every create. A cap counts what is live (tokens: not revoked and not expired), so revoking makes
 * room again. Reaching it is a 409 problem (type {@code limit-reached}) that names the cap, its
 * configuration key and the limit.
 *
 * <p>Races: {@link #check} locks the owning row (the user or the workspace, SELECT ... FOR UPDATE)
 * before counting, inside the caller's transaction, so two creates at the cap for one owner run one
 * after the other and the second sees the first's row. Callers must be {@code @Transactional}.
 */
@Singleton
public class Caps {
    /** The capped things; {@code key} is the configuration name under {@code latchkey.limits}. */
    public enum Cap {
        PERSONAL_TOKENS_PER_USER("personal-tokens-per-user", "active personal access tokens per user", Owner.USER),
        WORKSPACES_PER_USER("workspaces-per-user", "workspaces owned per user", Owner.USER),
        WORKSPACE_TOKENS_PER_WORKSPACE("workspace-tokens-per-workspace", "active workspace tokens per workspace",
                Owner.WORKSPACE),
        SERVICE_TOKENS_PER_WORKSPACE("service-tokens-per-workspace", "active service-user tokens per workspace",
                Owner.WORKSPACE),
        SERVICE_USERS_PER_WORKSPACE("service-users-per-workspace", "service users per workspace", Owner.WORKSPACE),
        PROJECTS_PER_WORKSPACE("projects-per-workspace", "projects per workspace", Owner.WORKSPACE),
        MEMBERS_PER_WORKSPACE("members-per-workspace", "members per workspace", Owner.WORKSPACE);

        private final String key;
        private final String what;
        private final Owner owner;

        Cap(String key, String what, Owner owner) {
            this.key = key;
            this.what = what;
            this.owner = owner;
        }

        public String key() {
            return key;
        }
    }

    private enum Owner { USER, WORKSPACE }

    private final Map<Cap, Long> limits = new LinkedHashMap<>();
    private final UserRepository users;
    private final WorkspaceRepository workspaces;

    public Caps(UserRepository users, WorkspaceRepository workspaces, LimitSettings settings) {
        this.users = users;
        this.workspaces = workspaces;
        limits.put(Cap.PERSONAL_TOKENS_PER_USER, settings.personalTokensPerUser());
        limits.put(Cap.WORKSPACES_PER_USER, settings.workspacesPerUser());
        limits.put(Cap.WORKSPACE_TOKENS_PER_WORKSPACE, settings.workspaceTokensPerWorkspace());
        limits.put(Cap.SERVICE_TOKENS_PER_WORKSPACE, settings.serviceTokensPerWorkspace());
        limits.put(Cap.SERVICE_USERS_PER_WORKSPACE, settings.serviceUsersPerWorkspace());
        limits.put(Cap.PROJECTS_PER_WORKSPACE, settings.projectsPerWorkspace());
        limits.put(Cap.MEMBERS_PER_WORKSPACE, settings.membersPerWorkspace());
        limits.forEach((cap, limit) -> {
            if (limit < 1) {
                throw new io.micronaut.context.exceptions.ConfigurationException(
                        "latchkey.limits." + cap.key + " must be at least 1");
            }
        });
    }

    public long limit(Cap cap) {
        return limits.get(cap);
    }

    /**
     * Refuses one more of {@code cap} for {@code owner} (a user id or a workspace id, as the cap says)
     * if {@code current} already counts the limit. Locks the owner's row first; see the class comment.
     */
    public void check(Cap cap, UUID owner, LongSupplier current) {
        if (cap.owner == Owner.USER) {
            users.findByIdForUpdate(owner);
        } else {
            workspaces.findByIdForUpdate(owner);
        }
        long limit = limit(cap);
        if (current.getAsLong() >= limit) {
            throw new ProblemException(HttpStatus.CONFLICT, "limit-reached",
                    "the limit of " + limit + " " + cap.what + " is reached (latchkey.limits." + cap.key + ")"
                            + (cap.key.contains("tokens") ? "; revoke a token to make room" : ""),
                    Map.of("title", "Limit reached: " + cap.what, "limit", cap.key, "max", limit));
        }
    }
}
