package dev.latchkey.servicetokens.application;

import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.project.Project;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenKindService;
import dev.latchkey.directory.tokentypes.TokenTypes;
import dev.latchkey.directory.user.User;
import dev.latchkey.servicetokens.model.ServiceGrant;
import dev.latchkey.servicetokens.model.ServiceToken;
import dev.latchkey.servicetokens.persistence.ServiceTokenRepository;
import dev.latchkey.tokens.core.ExpiryPreset;
import dev.latchkey.tokens.core.PermissionList;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenNames;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What service users' tokens add to the one {@link TokenLifecycle}: their owner is a service user,
 * managed with {@code service-users:manage} on its workspace; their grant is a list of
 * project-level permissions (and {@code owner}, which then means owner of those projects) on all
 * projects or on listed ones: a workspace- or user-level permission is refused with 400, because a
 * service user acts on projects and must not administer the workspace or anyone in it. Minted by an
 * admin for someone else, so whoever mints, regenerates or copies must hold every permission it
 * grants, on every project the grant covers (403 otherwise). A token created with neither a preset
 * nor a date never expires (the API's clients send {@code "expiresAt": null} for that), which a
 * workspace policy with a maximum lifetime or required expiry refuses (400 naming the rule).
 */
@Singleton
public class ServiceTokens extends TokenKindService<User, ServiceToken, ServiceTokenRepository> {
    public static final int MAX_PROJECTS = 100;
    /** The name of a token created without a name or note. */
    static final String DEFAULT_NAME = "service token";

    private final ServiceUsers serviceUsers;
    private final Projects projects;

    public ServiceTokens(ServiceTokenRepository tokens, ServiceTokenResolver resolver, Shared shared,
                         ServiceUsers serviceUsers, Projects projects) {
        super(tokens, resolver, shared);
        this.serviceUsers = serviceUsers;
        this.projects = projects;
    }

    /** A token with what its view shows besides the row: its service user and its projects. */
    public record Shown(ServiceToken token, User user, List<Project> projects) {
    }

    /** The grant of a new token, validated against the service user's workspace before anything is written. */
    public TokenLifecycle.Grant<User, ServiceToken> grant(@Nullable List<String> permissions,
                                                          @Nullable Boolean allProjects, @Nullable List<String> projectRefs) {
        return grant(null, permissions, allProjects, projectRefs, null);
    }

    /**
     * The same, with a token type instead of {@code permissions}: the type's permissions, copied
     * now, on the projects the body names; the creator must be able to grant them (400 naming
     * {@code type} otherwise).
     */
    public TokenLifecycle.Grant<User, ServiceToken> grant(@Nullable Caller caller, @Nullable List<String> permissions,
                                                          @Nullable Boolean allProjects, @Nullable List<String> projectRefs,
                                                          @Nullable String type) {
        return (user, f) -> {
            TokenTypes.Chosen chosen = null;
            ServiceGrant grant;
            if (type != null) {
                if (permissions != null) {
                    throw ProblemException.badRequest(TokenTypes.FIELD, "give a type or permissions, not both");
                }
                chosen = types.choose(caller, type, user.workspaceId());
                TokenTypes.requireProjectLevel(chosen, "service token");
                grant = scoped(user.workspaceId(), chosen.permissions(), allProjects, projectRefs);
                types.requireMayGrant(caller, grant.rights(user.workspaceId()).grants());
            } else {
                grant = parseGrant(user.workspaceId(), permissions, allProjects, projectRefs);
            }
            return new ServiceToken(f.id(), user.workspaceId(), user.id(), grant.storedPermissions(),
                    grant.allProjects(), grant.storedProjectIds(),
                    TokenColumns.of(f, chosen == null ? null : chosen.id(), chosen == null ? null : chosen.name()));
        };
    }

    /** One page of views, the projects of all its tokens read at once. */
    public <T> Page<T> page(User user, List<ServiceToken> rows, PageRequest page, Function<Shown, T> view) {
        Map<UUID, Project> byId = projectsOf(user.workspaceId(), rows);
        return Page.of(rows, page, ServiceToken::id, t -> view.apply(shown(t, user, byId)));
    }

    @Override
    public TokenKind kind() {
        return TokenKind.SERVICE;
    }

    @Override
    public User owner(Caller caller, String userId) {
        return serviceUsers.managed(caller, userId);
    }

    @Override
    public User ownerOf(ServiceToken token) {
        return serviceUsers.serviceUser(token.serviceUserId(), token.workspaceId());
    }

    /** The cap on live tokens of an owner (the shared caps of #12). */
    @Override
    public void requireRoom(User owner, Instant now) {
        caps.check(Caps.Cap.SERVICE_TOKENS_PER_WORKSPACE, owner.workspaceId(), () -> tokens.countActive(owner.workspaceId(), now));
    }

    @Override
    public String describe(ServiceToken token) {
        return "name=" + token.name() + "; permissions=" + token.permissions() + "; allProjects=" + token.allProjects()
                + (token.projectIds() == null ? "" : "; projects=" + token.projectIds());
    }

    /** Neither expiration nor expiresAt means "never" for service tokens (see the class comment). */
    @Override
    public ExpiryPreset defaultExpiration() {
        return ExpiryPreset.NEVER;
    }

    private ServiceGrant parseGrant(UUID workspaceId, @Nullable List<String> keys, @Nullable Boolean allProjects,
                                    @Nullable List<String> projectRefs) {
        Set<Permission> permissions = PermissionList.parse("permissions", keys);
        for (Permission p : permissions) {
            if (p.level() != Level.PROJECT && p.level() != Level.ANY) {
                throw ProblemException.badRequest("permissions", p.key() + " is a " + p.level().name().toLowerCase()
                        + "-level permission; a service token carries project permissions only");
            }
        }
        return scoped(workspaceId, permissions, allProjects, projectRefs);
    }

    /** Valid permissions on all projects or on the listed projects of the workspace. */
    private ServiceGrant scoped(UUID workspaceId, Set<Permission> permissions, @Nullable Boolean allProjects,
                                @Nullable List<String> projectRefs) {
        boolean everywhere = Boolean.TRUE.equals(allProjects);
        boolean listed = projectRefs != null && !projectRefs.isEmpty();
        if (everywhere && listed) {
            throw ProblemException.badRequest("projects", "give allProjects: true or a list of projects, not both");
        }
        if (!everywhere && !listed) {
            throw ProblemException.badRequest("projects", "give allProjects: true or a non-empty list of projects");
        }
        if (everywhere) {
            return new ServiceGrant(permissions, true, List.of());
        }
        if (projectRefs.size() > MAX_PROJECTS) {
            throw ProblemException.badRequest("projects", "a token may list at most " + MAX_PROJECTS + " projects");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String ref : projectRefs) {
            ids.add(Ids.parse(ref).orElseThrow(() -> ProblemException.badRequest("projects", "projects must be project ids")));
        }
        // A project of another workspace is answered like a missing one: the request learns nothing about it.
        if (projects.findInWorkspace(workspaceId, ids).size() != ids.size()) {
            throw ProblemException.badRequest("projects", "every project must exist in the service user's workspace");
        }
        return new ServiceGrant(permissions, false, List.copyOf(ids));
    }

    /** The granter must hold every permission it hands out, where it hands it out (the shared grant rule). */
    @Override
    public void requireMayHandOut(Caller caller, User user, ServiceToken token) {
        access.requireMayGrant(caller, token.grant().rights(user.workspaceId()).grants());
    }

    /** The view of a token the lifecycle returned, for the caller that manages its service user. */
    public Shown show(Caller caller, String userId, ServiceToken token) {
        return shown(token, owner(caller, userId), projectsOf(token.workspaceId(), List.of(token)));
    }

    /** Projects listed in the order the grant names them; a project deleted since drops out. */
    private static Shown shown(ServiceToken token, User user, Map<UUID, Project> byId) {
        return new Shown(token, user, token.grant().projectIds().stream().map(byId::get).filter(Objects::nonNull).toList());
    }

    private Map<UUID, Project> projectsOf(UUID workspaceId, Collection<ServiceToken> rows) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(t -> ids.addAll(t.grant().projectIds()));
        Map<UUID, Project> byId = new HashMap<>();
        projects.findInWorkspace(workspaceId, ids).forEach(p -> byId.put(p.id(), p));
        return byId;
    }

    @Override
    public String defaultName(@Nullable String note) {
        return TokenNames.fromNote(note, DEFAULT_NAME);
    }
}
