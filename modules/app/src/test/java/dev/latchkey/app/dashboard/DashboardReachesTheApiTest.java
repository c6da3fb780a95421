package dev.latchkey.app.dashboard;

import dev.latchkey.app.support.OpenApiDocument;
import io.swagger.v3.oas.models.Operation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, "every API feature reachable": every operation a signed-in person can call (the
 * OpenAPI document's operations that accept the "bearer" scheme, i.e. a login session) is either
 * called by the dashboard's JavaScript or on {@link #NOT_FOR_THE_DASHBOARD} with the reason.
 *
 * <p>"Called" is read from the source, not run: every string literal of a module, with the
 * `${name}` of a constant of the same module put back in (`${base}/${enc(t.id)}/rotate`), is
 * matched against the operation's path, any other `${…}` standing for one segment (or, at the
 * start, for an unknown prefix); the module must also call the operation's method (get/all,
 * post, put, patch, del). The browser tests prove the calls work; this test proves none is missing.
 */
class DashboardReachesTheApiTest {
    private static final Path JS = Path.of("src/main/resources/public/assets/js");

    /** Operations a session may call that the dashboard deliberately does not offer, and why. */
    private static final Map<String, String> NOT_FOR_THE_DASHBOARD = Map.ofEntries(
            // seed 001's compatibility API (docs/api.md): the same personal tokens as /api/user/personal-access-tokens
            Map.entry("GET /api/personal-access-tokens", "seed-001 compatibility; the Personal access tokens page lists them"),
            Map.entry("POST /api/personal-access-tokens", "seed-001 compatibility; the page creates them"),
            Map.entry("DELETE /api/personal-access-tokens/{token_id}", "seed-001 compatibility; the page revokes them"),
            // called by a token about itself, never by a person in a browser
            Map.entry("POST /api/tokens/self/rotate", "a workspace token with selfRotate rotates itself; the page offers Rotate"),
            Map.entry("POST /oauth/introspect", "RFC 7662 for resource servers, not people"),
            Map.entry("POST /oauth/revoke", "RFC 7009 for OAuth clients; the page revokes with DELETE on each list"),
            // one item: every list row already carries all the fields the item's GET returns
            Map.entry("GET /api/user/personal-access-tokens/{id}", "the list row has every field"),
            Map.entry("GET /api/users/service/{userId}/personal-access-tokens/{id}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/access-rules/{id}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/projects/{projectId}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/service-users/{userId}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/token-types/{typeId}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/tokens/{id}", "the list row has every field"),
            Map.entry("GET /api/workspaces/{ws}/webhooks/{id}", "the list row has every field"));

    @Test
    void everyOperationOfASessionIsCalledByTheDashboardOrListedAsNotForIt() throws IOException {
        List<Module> modules = modules();
        Set<String> missing = new TreeSet<>();
        Set<String> listedButCalled = new TreeSet<>();
        for (String op : sessionOperations()) {
            List<String> where = modules.stream().map(m -> m.where(op)).filter(w -> w != null).toList();
            boolean called = !where.isEmpty();
            System.out.println("[latchkey-tests] " + op + " <- " + where);
            if (!called && !NOT_FOR_THE_DASHBOARD.containsKey(op)) {
                missing.add(op);
            }
            if (called && NOT_FOR_THE_DASHBOARD.containsKey(op)) {
                listedButCalled.add(op);
            }
        }
        assertTrue(missing.isEmpty(), "operations a person can use that no dashboard page calls:\n" + String.join("\n", missing));
        assertTrue(listedButCalled.isEmpty(), "called after all, drop from NOT_FOR_THE_DASHBOARD: " + listedButCalled);
    }

    @Test
    void theListNamesOnlyOperationsThatExist() throws IOException {
        Set<String> known = new TreeSet<>(sessionOperations());
        Set<String> stale = new TreeSet<>(NOT_FOR_THE_DASHBOARD.keySet());
        stale.removeAll(known);
        assertEquals(Set.of(), stale, "not (or no longer) session operations of the document");
    }

    @Test
    void theMatcherSeesACallThroughAConstantAndNotAMethodTheModuleNeverUses() {
        Module m = new Module("x.js", "const base = `/api/workspaces/${enc(ws.id)}/tokens`;\n"
                + "await post(`${base}/${enc(t.id)}/rotate`, {});\nawait get(base);");
        assertTrue(m.calls("POST /api/workspaces/{ws}/tokens/{id}/rotate"));
        assertTrue(m.calls("GET /api/workspaces/{ws}/tokens"));
        assertTrue(!m.calls("DELETE /api/workspaces/{ws}/tokens/{id}"), "the module never deletes");
        assertTrue(!m.calls("GET /api/workspaces/{ws}/webhooks"), "another path");
        Module direct = new Module("y.js", "await get(`/api/workspaces/${enc(ref)}`);\nawait patch(`/api/projects/${id}`, {});");
        assertTrue(direct.calls("GET /api/workspaces/{ws}"));
        assertTrue(!direct.calls("PATCH /api/workspaces/{ws}"), "the literal is a GET's argument, not the PATCH's");
    }

    private List<String> sessionOperations() throws IOException {
        List<String> ops = new ArrayList<>();
        for (Map.Entry<String, Operation> op : OpenApiDocument.operations(OpenApiDocument.read())) {
            boolean session = op.getValue().getSecurity() != null
                    && op.getValue().getSecurity().stream().anyMatch(r -> r.containsKey("bearer"));
            if (session) {
                ops.add(op.getKey());
            }
        }
        assertTrue(ops.size() > 50, "the document's session operations: " + ops);
        return ops;
    }

    private static List<Module> modules() throws IOException {
        try (Stream<Path> files = Files.list(JS)) {
            List<Module> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                out.add(new Module(f.getFileName().toString(), Files.readString(f)));
            }
            // a path built here may be handed to an imported helper that makes the call
            // (pats.js passes BASE to workspace-actions.js tokenEditDialog(base, …), which PATCHes `${base}/…`)
            Map<String, Module> byName = new LinkedHashMap<>();
            out.forEach(m -> byName.put(m.name, m));
            for (Module m : out) {
                m.imports.stream().map(byName::get).filter(i -> i != null).forEach(m::passConstantsTo);
            }
            assertTrue(out.size() >= 10, "the dashboard's modules under " + JS.toAbsolutePath());
            return out;
        }
    }

    /** One JavaScript module: the paths its literals spell and the HTTP methods it calls. */
    static final class Module {
        private static final Pattern LITERAL = Pattern.compile("`([^`]*)`|'(/[^']*)'");
        private static final Pattern CONSTANT = Pattern.compile("(?:const|let)\\s+(\\w+)\\s*=\\s*(?:`([^`]*)`|'([^']*)')");
        private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)}");
        private static final Map<String, Pattern> METHODS = Map.of(
                "GET", Pattern.compile("\\b(get|all|allowed)\\(|'GET'"),
                "POST", Pattern.compile("\\b(post|postWithoutPrompt|login)\\(|'POST'"),
                "PUT", Pattern.compile("\\bput\\(|'PUT'"),
                "PATCH", Pattern.compile("\\bpatch\\(|'PATCH'"),
                "DELETE", Pattern.compile("\\bdel\\(|'DELETE'"));
        final String name;
        private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");
        private final Set<String> methods = new TreeSet<>();
        private final Set<String> imports = new TreeSet<>();
        private static final Pattern DIRECT_CALL = Pattern.compile("\\b(get|all|post|postWithoutPrompt|put|patch|del)\\(\\s*$");
        private static final Map<String, String> CALL_METHOD = Map.of("get", "GET", "all", "GET", "post", "POST",
                "postWithoutPrompt", "POST", "put", "PUT", "patch", "PATCH", "del", "DELETE");
        /** Each path pattern with the method of the call it is the argument of, or null: any the module makes. */
        private final Map<Pattern, String> paths = new LinkedHashMap<>();
        private static final Pattern EXPORTED = Pattern.compile("export (?:async )?function (\\w+)\\(([^)]*)\\)");
        private final String source;
        private final Map<String, List<String>> constants = new LinkedHashMap<>();
        /** Exported function -> its parameter names. */
        private final Map<String, List<String>> exported = new LinkedHashMap<>();

        Module(String name, String source) {
            this.name = name;
            this.source = source;
            Matcher e = EXPORTED.matcher(source);
            while (e.find()) {
                exported.put(e.group(1), List.of(e.group(2).split("\\s*,\\s*")));
            }
            METHODS.forEach((method, call) -> {
                if (call.matcher(source).find()) {
                    methods.add(method);
                }
            });
            Matcher i = IMPORT.matcher(source);
            while (i.find()) {
                imports.add(i.group(1));
            }
            Matcher c = CONSTANT.matcher(source);
            while (c.find()) {
                constants.computeIfAbsent(c.group(1), k -> new ArrayList<>()).add(c.group(2) != null ? c.group(2) : c.group(3));
            }
        }

        /** The values of this module's constants passed to {@code helper}'s functions, as the helper's parameters. */
        void passConstantsTo(Module helper) {
            helper.exported.forEach((function, params) -> {
                Matcher call = Pattern.compile("\\b" + function + "\\(([^()]*)\\)").matcher(source);
                while (call.find()) {
                    String[] args = call.group(1).split("\\s*,\\s*");
                    for (int i = 0; i < Math.min(args.length, params.size()); i++) {
                        List<String> values = constants.get(args[i].trim());
                        if (values != null && !helper.constants.containsKey(params.get(i))) {
                            helper.passedIn.computeIfAbsent(function, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(params.get(i), k -> new ArrayList<>()).addAll(values);
                        }
                    }
                }
            });
        }

        /** Exported function -> parameter -> the constants callers pass there. */
        private final Map<String, Map<String, List<String>>> passedIn = new LinkedHashMap<>();

        private void build() {
            if (!paths.isEmpty()) {
                return;
            }
            Matcher l = LITERAL.matcher(source);
            while (l.find()) {
                // a parameter's values are those passed to the exported function the literal is in
                Map<String, List<String>> known = new LinkedHashMap<>(constants);
                Matcher in = EXPORTED.matcher(source.substring(0, l.start()));
                String function = null;
                while (in.find()) {
                    function = in.group(1);
                }
                known.putAll(passedIn.getOrDefault(function, Map.of()));
                String literal = l.group(1) != null ? l.group(1) : l.group(2);
                Matcher direct = DIRECT_CALL.matcher(source.substring(Math.max(0, l.start() - 40), l.start()));
                String method = direct.find() ? CALL_METHOD.get(direct.group(1)) : null;
                for (String expanded : expand(literal, known, 3)) {
                    Pattern p = pattern(expanded);
                    if (p != null) {
                        paths.merge(p, method == null ? "" : method, (a, b) -> a.isEmpty() || b.isEmpty() ? "" : a + "," + b);
                    }
                }
            }
        }

        /** `${name}` of a constant replaced by each of its values (a name may be bound in several functions). */
        private static List<String> expand(String literal, Map<String, List<String>> constants, int depth) {
            Matcher m = INTERPOLATION.matcher(literal);
            while (depth > 0 && m.find()) {
                List<String> values = constants.get(m.group(1).trim());
                if (values != null) {
                    List<String> out = new ArrayList<>();
                    for (String v : values) {
                        out.addAll(expand(literal.substring(0, m.start()) + v + literal.substring(m.end()), constants, depth - 1));
                    }
                    return out;
                }
            }
            return List.of(literal);
        }

        /** The literal as a pattern over paths, or null when it spells no path. */
        private static Pattern pattern(String literal) {
            String path = INTERPOLATION.matcher(literal).replaceAll("\u0000");
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            boolean unknownPrefix = path.startsWith("\u0000");
            if (!unknownPrefix && !path.startsWith("/")) {
                return null;
            }
            String rest = unknownPrefix ? path.substring(1) : path;
            // "/x" at least, and a word of its own: `${path}/${enc(id)}` of a helper names no route
            if (!rest.contains("/") || !rest.replace("\u0000", "").matches(".*[a-z].*")) {
                return null;
            }
            StringBuilder regex = new StringBuilder(unknownPrefix ? ".*" : "");
            String[] parts = rest.split("\u0000", -1);
            for (int i = 0; i < parts.length; i++) {
                regex.append(i > 0 ? "[^/]+" : "").append(Pattern.quote(parts[i]));
            }
            return Pattern.compile(regex.toString());
        }

        /** This module and the literal that spells the operation's path, or null. */
        String where(String operation) {
            build();
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            return paths.entrySet().stream()
                    .filter(e -> e.getValue().isEmpty() ? methods.contains(method) : List.of(e.getValue().split(",")).contains(method))
                    .filter(e -> e.getKey().matcher(path).matches()).findFirst()
                    .map(e -> name + " " + e.getKey().pattern().replace("\\Q", "").replace("\\E", "")).orElse(null);
        }

        boolean calls(String operation) {
            return where(operation) != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
