package dev.latchkey.workspacetokens.model;

import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.ProjectRole;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a workspace token may do: one project role on every project of its workspace (present and
 * future: an all-projects scope, not a list), or a role per named project, where a project left out
 * or given NONE is not reachable at all. Exactly one of the two forms is set.
 */
public record WorkspaceGrant(@Nullable ProjectRole allProjects, Map<UUID, ProjectRole> projects) {

    public WorkspaceGrant {
        Objects.requireNonNull(projects, "projects");
        if ((allProjects == null) == projects.isEmpty()) {
            throw new IllegalArgumentException("a grant is either all projects or a list of projects");
        }
        projects = Collections.unmodifiableMap(new TreeMap<>(projects));
    }

    public static WorkspaceGrant onAllProjects(ProjectRole role) {
        return new WorkspaceGrant(role, Map.of());
    }

    public static WorkspaceGrant perProject(Map<UUID, ProjectRole> roles) {
        return new WorkspaceGrant(null, roles);
    }

    /** The authz grants of a token of {@code workspaceId}; NONE gives nothing, so nothing is visible. */
    public List<Grant> grants(UUID workspaceId) {
        return allProjects != null
                ? Grants.projectRoleOnAllProjects(workspaceId, allProjects)
                : Grants.projectRoles(workspaceId, projects);
    }

    /** Stored form of the per-project roles: {@code <projectId>=<ROLE>,...}; null for an all-projects grant. */
    public String storedProjectRoles() {
        return projects.isEmpty() ? null : projects.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().name()).collect(Collectors.joining(","));
    }

    public String storedAllProjectsRole() {
        return allProjects == null ? null : allProjects.name();
    }

    /** Reads the two stored columns back; they were validated when written. */
    public static WorkspaceGrant fromStorage(@Nullable String allProjectsRole, @Nullable String projectRoles) {
        if (allProjectsRole != null) {
            return onAllProjects(ProjectRole.valueOf(allProjectsRole));
        }
        Map<UUID, ProjectRole> roles = new LinkedHashMap<>();
        Arrays.stream(projectRoles == null ? new String[0] : projectRoles.split(",")).filter(s -> !s.isEmpty())
                .forEach(entry -> {
                    int eq = entry.indexOf('=');
                    roles.put(UUID.fromString(entry.substring(0, eq)), ProjectRole.valueOf(entry.substring(eq + 1)));
                });
        return perProject(roles);
    }
}
