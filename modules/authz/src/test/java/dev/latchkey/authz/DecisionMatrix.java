package dev.latchkey.authz;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code decisions/*.yaml}: named principals and checks that list permissions under the
 * reason code the engine must answer with. Symbols such as {@code W1}, {@code P1}, {@code U1}
 * stand for fixed UUIDs so the files stay readable.
 */
final class DecisionMatrix {

    /** One expected decision, and the role-coverage row it belongs to, if any. */
    record Case(String file, String principalName, Principal principal, Permission permission, Resource resource,
                Reason expected, String covers, String resourceText) {

        String name() {
            return permission.key() + " -> " + expected.code();
        }
    }

    private DecisionMatrix() {
    }

    static UUID id(String symbol) {
        return UUID.nameUUIDFromBytes(("latchkey-test:" + symbol).getBytes(StandardCharsets.UTF_8));
    }

    static List<Path> files() {
        URL url = DecisionMatrix.class.getClassLoader().getResource("decisions");
        if (url == null) {
            throw new IllegalStateException("no decisions/ directory on the test classpath");
        }
        try (Stream<Path> listing = Files.list(Path.of(url.toURI()))) {
            return listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list decisions/", e);
        }
    }

    static List<Case> load(Path file) {
        Map<String, Object> document;
        try (InputStream in = Files.newInputStream(file)) {
            // A repeated key would silently replace a whole list of expectations.
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        String fileName = file.getFileName().toString();
        Map<String, Principal> principals = new LinkedHashMap<>();
        map(document.get("principals"), "principals").forEach((name, spec) ->
                principals.put(name, principal(name, map(spec, "principal " + name))));

        List<Case> cases = new ArrayList<>();
        for (Object entry : list(document.get("checks"), "checks")) {
            Map<String, Object> check = map(entry, "check");
            String principalName = (String) check.get("principal");
            Principal principal = principals.get(principalName);
            if (principal == null) {
                throw new IllegalArgumentException(fileName + ": unknown principal " + principalName);
            }
            String resourceText = (String) check.get("resource");
            Resource resource = resource(resourceText);
            String covers = (String) check.get("covers");
            Set<Permission> seen = EnumSet.noneOf(Permission.class);
            for (Reason reason : Reason.values()) {
                Object listed = check.get(reason.code());
                if (listed == null) {
                    continue;
                }
                for (Object key : list(listed, reason.code())) {
                    Permission permission = permission(String.valueOf(key));
                    if (!seen.add(permission)) {
                        throw new IllegalArgumentException(fileName + ": " + principalName + " on " + resourceText
                                + " lists " + permission.key() + " twice");
                    }
                    cases.add(new Case(fileName, principalName, principal, permission, resource, reason, covers,
                            resourceText));
                }
            }
        }
        return cases;
    }

    private static Principal principal(String name, Map<String, Object> spec) {
        PrincipalKind kind = PrincipalKind.valueOf((String) spec.getOrDefault("kind", "USER_SESSION"));
        String subject = (String) spec.get("subject");
        List<Grant> subjectGrants = new ArrayList<>();
        if (kind == PrincipalKind.USER_SESSION || kind == PrincipalKind.PERSONAL_TOKEN) {
            subjectGrants.add(Grants.self(id(subject)));
        }
        Object memberships = spec.get("memberships");
        if (memberships != null) {
            map(memberships, "memberships").forEach((workspace, value) -> {
                Map<String, Object> membership = map(value, "membership");
                Map<UUID, ProjectRole> projectRoles = new LinkedHashMap<>();
                Object projects = membership.get("projects");
                if (projects != null) {
                    map(projects, "projects").forEach((project, role) ->
                            projectRoles.put(id(project), ProjectRole.fromName((String) role).orElseThrow()));
                }
                WorkspaceRole role = WorkspaceRole.fromName((String) membership.get("role")).orElseThrow();
                subjectGrants.addAll(Grants.forMembership(id(workspace), role, projectRoles));
            });
        }
        subjectGrants.addAll(grants(spec.get("grants"), "subject of " + name));
        Rights subjectRights = Rights.of(subjectGrants);
        if (kind == PrincipalKind.USER_SESSION) {
            return Principal.session(id(subject), subjectRights);
        }
        Rights ceiling = Rights.of(grants(spec.get("ceiling"), "token " + name));
        return Principal.token(kind, id(subject), id("token:" + name), subjectRights, ceiling);
    }

    private static List<Grant> grants(Object specs, String source) {
        if (specs == null) {
            return List.of();
        }
        List<Grant> grants = new ArrayList<>();
        for (Object entry : list(specs, source)) {
            Map<String, Object> spec = map(entry, "grant");
            Scope scope = scope((String) spec.get("scope"));
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            if (spec.containsKey("role")) {
                permissions.addAll(ProjectRole.fromName((String) spec.get("role")).orElseThrow().permissions());
            }
            if (spec.containsKey("permissions")) {
                for (Object key : list(spec.get("permissions"), "permissions")) {
                    permissions.add(permission(String.valueOf(key)));
                }
            }
            grants.addAll(Grants.permissionsOn(scope, permissions, source));
        }
        return grants;
    }

    static Resource resource(String text) {
        String[] parts = text.split(" ", 2);
        return switch (parts[0]) {
            case "workspace" -> new Resource.Workspace(id(parts[1]));
            case "project" -> {
                String[] ids = parts[1].split("/");
                yield new Resource.Project(id(ids[0]), id(ids[1]));
            }
            case "user" -> new Resource.User(id(parts[1]));
            default -> throw new IllegalArgumentException("unknown resource " + text);
        };
    }

    private static Scope scope(String text) {
        String[] parts = text.split(" ", 2);
        return switch (parts[0]) {
            case "global" -> new Scope.Global();
            case "workspace" -> new Scope.Workspace(id(parts[1]));
            case "all-projects" -> new Scope.AllProjects(id(parts[1]));
            case "project" -> {
                String[] ids = parts[1].split("/");
                yield new Scope.Project(id(ids[0]), id(ids[1]));
            }
            case "user" -> new Scope.User(id(parts[1]));
            default -> throw new IllegalArgumentException("unknown scope " + text);
        };
    }

    private static Permission permission(String key) {
        return Permission.fromKey(key).orElseThrow(() -> new IllegalArgumentException("unknown permission " + key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a mapping, was " + value);
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " must be a list, was " + value);
        }
        return list;
    }
}
