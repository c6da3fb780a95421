package dev.latchkey.directory.project;

import dev.latchkey.directory.caps.Caps;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.member.ProjectRoleRepository;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.DisplayText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Projects of a workspace. A project the caller has no grant on does not exist for it (404). */
@Singleton
public class Projects {
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final int SCAN_BATCH = 200;

    private final ProjectRepository projects;
    private final ProjectRoleRepository projectRoles;
    private final Workspaces workspaces;
    private final Access access;
    private final Caps caps;
    private final Clock clock;

    public Projects(ProjectRepository projects, ProjectRoleRepository projectRoles, Workspaces workspaces,
                    Access access, Caps caps, Clock clock) {
        this.caps = caps;
        this.projects = projects;
        this.projectRoles = projectRoles;
        this.workspaces = workspaces;
        this.access = access;
        this.clock = clock;
    }

    @Transactional
    public Project create(Caller caller, String ws, String key, String name, boolean isProtected) {
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        String normalizedKey = requireValidKey(key);
        String cleanName = DisplayText.name("name", name, Project.MAX_NAME);
        if (projects.existsByWorkspaceIdAndKey(workspace.id(), normalizedKey)) {
            throw ProblemException.conflict("the key '" + normalizedKey + "' is taken in this workspace");
        }
        caps.check(Caps.Cap.PROJECTS_PER_WORKSPACE, workspace.id(), () -> projects.countByWorkspaceId(workspace.id()));
        Instant now = Times.now(clock);
        return projects.save(new Project(Ids.newId(), workspace.id(), normalizedKey, cleanName, isProtected, now, now));
    }

    /** The projects the caller may read, in creation order. */
    public <T> Page<T> list(Caller caller, String ws, PageRequest page, Function<Project, T> view) {
        Workspace workspace = workspaces.resolve(caller, ws);
        List<Project> visible = new ArrayList<>();
        UUID after = page.after();
        // Filtering happens after the query (visibility is decided by the engine, not in SQL), so
        // scan in batches until the page is full or the workspace has no more projects.
        while (visible.size() < page.fetchSize()) {
            List<Project> batch = projects.findByWorkspaceIdAndIdGreaterThanOrderById(workspace.id(), after,
                    Pageable.from(0, SCAN_BATCH));
            for (Project p : batch) {
                if (access.allows(caller, Permission.PROJECTS_READ, resource(p)) && visible.size() < page.fetchSize()) {
                    visible.add(p);
                }
            }
            if (batch.size() < SCAN_BATCH) {
                break;
            }
            after = batch.get(batch.size() - 1).id();
        }
        return Page.of(visible, page, Project::id, view);
    }

    public Project get(Caller caller, String ws, String projectId) {
        Project project = resolve(caller, ws, projectId);
        access.require(caller, Permission.PROJECTS_READ, resource(project));
        return project;
    }

    @Transactional
    public Project update(Caller caller, String ws, String projectId, @Nullable String key, @Nullable String name,
                          @Nullable Boolean isProtected) {
        Project project = resolve(caller, ws, projectId);
        access.require(caller, Permission.PROJECT_MANAGE, resource(project));
        if (isProtected != null && isProtected != project.isProtected()) {
            // Protection guards against deletion by project admins, so only a project owner may lift or set it.
            access.require(caller, Permission.OWNER, resource(project));
        }
        String newKey = project.key();
        if (key != null) {
            newKey = requireValidKey(key);
            if (!newKey.equals(project.key()) && projects.existsByWorkspaceIdAndKey(project.workspaceId(), newKey)) {
                throw ProblemException.conflict("the key '" + newKey + "' is taken in this workspace");
            }
        }
        return projects.update(new Project(project.id(), project.workspaceId(), newKey,
                name == null ? project.name() : DisplayText.name("name", name, Project.MAX_NAME),
                isProtected == null ? project.isProtected() : isProtected,
                project.createdAt(), Times.now(clock)));
    }

    @Transactional
    public void delete(Caller caller, String ws, String projectId) {
        Project project = resolve(caller, ws, projectId);
        access.require(caller, Permission.PROJECT_MANAGE, resource(project));
        if (project.isProtected()) {
            throw ProblemException.conflict("the project is protected; a project owner must unprotect it first");
        }
        projectRoles.deleteByWorkspaceIdAndProjectId(project.workspaceId(), project.id());
        projects.deleteByWorkspaceIdAndId(project.workspaceId(), project.id());
    }

    /** The projects of one workspace among the given ids (never another tenant's). */
    public List<Project> findInWorkspace(UUID workspaceId, Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : projects.findByWorkspaceIdAndIdIn(workspaceId, ids);
    }

    public Optional<Project> findInWorkspace(UUID workspaceId, UUID id) {
        return projects.findByWorkspaceIdAndId(workspaceId, id);
    }

    /** A project of one workspace by its key (lower case); never another tenant's. */
    public Optional<Project> findInWorkspaceByKey(UUID workspaceId, String key) {
        return projects.findByWorkspaceIdAndKey(workspaceId, key.toLowerCase(Locale.ROOT));
    }

    /**
     * The one look-up of a project by id alone, for questions that name only the project (the
     * check API, token grants). Its result must go straight to the engine: a project the caller
     * does not reach is answered exactly like one that does not exist.
     */
    public Optional<Project> locate(UUID id) {
        return projects.findById(id);
    }

    /** Looks a project up inside a workspace the caller reaches; unknown and invisible are the same 404. */
    public Project resolve(Caller caller, String ws, String projectId) {
        Workspace workspace = workspaces.resolve(caller, ws);
        Project project = Ids.parse(projectId)
                .flatMap(id -> projects.findByWorkspaceIdAndId(workspace.id(), id))
                .orElseThrow(() -> ProblemException.notFound("project not found"));
        access.requireReach(caller, resource(project));
        return project;
    }

    public static Resource.Project resource(Project project) {
        return new Resource.Project(project.workspaceId(), project.id());
    }

    private static String requireValidKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        if (!KEY.matcher(k).matches()) {
            throw ProblemException.badRequest("key",
                    "key must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        return k;
    }
}
