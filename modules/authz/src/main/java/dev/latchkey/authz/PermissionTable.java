package dev.latchkey.authz;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the catalogue and the role tables as Markdown for {@code docs/permissions.md}, so the
 * document is printed from the code rather than kept in step with it by hand.
 */
public final class PermissionTable {

    private static final String HELD = "✓";

    private PermissionTable() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("### Permissions\n\n");
        out.append("| permission | level | description | directly implies |\n");
        out.append("|---|---|---|---|\n");
        for (Permission permission : Permission.catalogue()) {
            out.append("| `").append(permission.key()).append("` | ")
                    .append(permission.level().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(permission.description()).append(" | ")
                    .append(implied(permission)).append(" |\n");
        }

        out.append("\n### Project roles\n\n");
        out.append("What each project role is given on a project (implications then add the rest).\n\n");
        List<ProjectRole> projectRoles = List.of(ProjectRole.values());
        out.append("| permission |");
        projectRoles.forEach(role -> out.append(' ').append(role.name()).append(" |"));
        out.append('\n').append("|---|");
        projectRoles.forEach(role -> out.append(":-:|"));
        out.append('\n');
        for (Permission permission : Permission.catalogue()) {
            if (!permission.level().meaningfulAt(Level.PROJECT)) {
                continue;
            }
            out.append("| `").append(permission.key()).append("` |");
            projectRoles.forEach(role -> out.append(cell(role.permissions(), permission)));
            out.append('\n');
        }

        out.append("\n### Workspace roles\n\n");
        out.append("What each workspace role is given on the workspace itself, and the project role it holds on every project.\n\n");
        List<WorkspaceRole> workspaceRoles = List.of(WorkspaceRole.values());
        out.append("| permission |");
        workspaceRoles.forEach(role -> out.append(' ').append(role.name()).append(" |"));
        out.append('\n').append("|---|");
        workspaceRoles.forEach(role -> out.append(":-:|"));
        out.append('\n');
        for (Permission permission : Permission.catalogue()) {
            if (!permission.level().meaningfulAt(Level.WORKSPACE)) {
                continue;
            }
            out.append("| `").append(permission.key()).append("` |");
            workspaceRoles.forEach(role -> out.append(cell(role.workspacePermissions(), permission)));
            out.append('\n');
        }
        out.append("| project role on every project |");
        workspaceRoles.forEach(role -> out.append(' ').append(role.roleOnEveryProject().name()).append(" |"));
        out.append('\n');
        return out.toString();
    }

    private static String implied(Permission permission) {
        Set<Permission> implied = permission.implies();
        if (implied.isEmpty()) {
            return "—";
        }
        // Listing all of them for owner would bury the table; the rule is the point.
        if (implied.size() == Permission.catalogue().size() - 1) {
            return "every other permission";
        }
        return implied.stream().map(p -> "`" + p.key() + "`").collect(Collectors.joining(", "));
    }

    private static String cell(Set<Permission> held, Permission permission) {
        return held.contains(permission) ? " " + HELD + " |" : "  |";
    }
}
