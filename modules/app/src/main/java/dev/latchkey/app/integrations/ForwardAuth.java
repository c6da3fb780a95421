package dev.latchkey.app.integrations;

import dev.latchkey.directory.tokens.TokenSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Level;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Spans;
import dev.latchkey.directory.project.Projects;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.TokenFacts;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * The decision behind {@code /api/auth/verify}: may this token do this permission on this project
 * (or workspace)? Everything comes from the engine; this only names the resource. A busy proxy asks
 * this for every request, so project and workspace look-ups are cached per node for
 * {@code latchkey.tokens.cache-ttl} like token resolution, and a cached token costs no query.
 */
@Singleton
class ForwardAuth {
    private final AuthorizationEngine engine;
    private final Spans spans;
    private final Cache<UUID, Optional<Resource.Project>> projects;
    private final Cache<String, Optional<UUID>> workspaces;
    private final Projects projectRepository;
    private final Workspaces workspaceRepository;

    ForwardAuth(AuthorizationEngine engine, Projects projects, Workspaces workspaces,
                TokenSettings settings, dev.latchkey.directory.common.AfterCommit caches, Spans spans) {
        this.engine = engine;
        this.spans = spans;
        this.projectRepository = projects;
        this.workspaceRepository = workspaces;
        this.projects = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        this.workspaces = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        caches.monitor("forward-auth-projects", this.projects);
        caches.monitor("forward-auth-workspaces", this.workspaces);
    }

    static String subject(Principal principal) {
        return switch (principal.kind()) {
            case WORKSPACE_TOKEN -> TokenFacts.workspaceSubject(principal.subjectId());
            case SERVICE_TOKEN -> TokenFacts.serviceSubject(principal.subjectId());
            default -> TokenFacts.userSubject(principal.subjectId());
        };
    }

    /** Whether {@link #verify} can answer without touching the database (its look-ups are cached). */
    boolean answerableFromCache(@Nullable String project, @Nullable String workspace) {
        boolean projectCached = project == null || project.isEmpty()
                || Ids.parse(project).map(id -> projects.getIfPresent(id) != null).orElse(true);
        boolean workspaceCached = workspace == null || workspace.isEmpty()
                || workspaces.getIfPresent(workspace.toLowerCase(java.util.Locale.ROOT)) != null;
        return projectCached && workspaceCached;
    }

    /** @param permission null: authentication alone was asked for */
    ProxyAuthEndpoint.Verdict verify(Principal principal, @Nullable String permission, @Nullable String project, @Nullable String workspace) {
        if (permission == null || permission.isEmpty()) {
            return ProxyAuthEndpoint.Verdict.ALLOWED;
        }
        Permission wanted = Permission.fromKey(permission).orElseThrow(() -> ProblemException.badRequest("permission",
                "unknown permission; GET /api/permissions lists them"));
        Optional<Resource> resource = resourceFor(principal, wanted, project, workspace);
        // a resource that does not exist or cannot be seen is a plain 403 here: proxies map only 401 and 403
        return resource.isPresent() && spans.check(engine, new CheckRequest(principal, wanted, resource.get())).allowed()
                ? ProxyAuthEndpoint.Verdict.ALLOWED : ProxyAuthEndpoint.Verdict.DENIED;
    }

    private Optional<Resource> resourceFor(Principal principal, Permission permission, @Nullable String project,
                                           @Nullable String workspace) {
        Level level = permission.level();
        if (level == Level.USER) {
            return principal.kind() == PrincipalKind.WORKSPACE_TOKEN ? Optional.empty()
                    : Optional.of(new Resource.User(principal.subjectId()));
        }
        Optional<UUID> workspaceId = workspace == null || workspace.isEmpty() ? null : workspaceId(workspace);
        if (project != null && !project.isEmpty() && level != Level.WORKSPACE) {
            UUID projectId = Ids.parse(project).orElseThrow(() -> ProblemException.badRequest("project",
                    "project must be a project id"));
            Optional<Resource.Project> found = projects.get(projectId,
                    id -> projectRepository.locate(id).map(Projects::resource));
            return found.filter(p -> workspaceId == null || workspaceId.filter(p.workspaceId()::equals).isPresent())
                    .map(Resource.class::cast);
        }
        if (level == Level.PROJECT) {
            throw ProblemException.badRequest("project", permission.key() + " is a project permission; give project=<id>");
        }
        if (workspaceId == null) {
            throw ProblemException.badRequest("workspace", permission.key() + " needs workspace=<id or slug>");
        }
        return workspaceId.map(Resource.Workspace::new);
    }

    /** A workspace id or slug as its id if this node has it cached; {@link NotCached} otherwise. */
    Optional<UUID> workspaceIdIfCached(String ref) {
        Optional<UUID> cached = workspaces.getIfPresent(ref.toLowerCase(java.util.Locale.ROOT));
        if (cached == null) {
            throw new NotCached();
        }
        return cached;
    }

    /**
     * Thrown by a look-up asked to answer from this node's caches when it would have to read storage:
     * the question is then answered where blocking is allowed.
     */
    static final class NotCached extends RuntimeException {
        NotCached() {
            super("not cached", null, false, false); // an expected signal: no stack trace to fill
        }
    }

    /** A workspace id or slug as its id (cached), if there is such a workspace. */
    Optional<UUID> workspaceId(String ref) {
        return workspaces.get(ref.toLowerCase(java.util.Locale.ROOT),
                r -> workspaceRepository.findByRef(r).map(Workspace::id));
    }
}
