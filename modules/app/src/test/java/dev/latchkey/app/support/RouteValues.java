package dev.latchkey.app.support;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import io.micronaut.web.router.UriRouteInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;

/**
 * Real values for the path variables of the router's route templates (a workspace with one of
 * everything), so tests generated from the route table reach the handlers instead of a 404.
 */
public final class RouteValues {
    /** A path variable of a route template, with its name as group 1 (a pattern after ':' as in {decision:approve|deny} left out). */
    public static final Pattern VARIABLE = Pattern.compile("\\{([^}/?:]+)(?::[^}]*)?}");
    private static final Pattern MODIFIER = Pattern.compile("\\{([^}/?:]+):[^}]*}");

    private final Map<String, String> values = new LinkedHashMap<>();

    private RouteValues() {
    }

    /** A project, a member, a workspace token, a service user and a service token in {@code ws}. */
    public static RouteValues of(Api api, Session owner, Workspace ws) {
        RouteValues v = new RouteValues();
        v.values.put("ws", ws.slug());
        v.values.put("decision", "approve");
        v.values.put("projectId", api.createProject(owner, ws));
        v.values.put("userId", api.newMember(owner, ws, "MEMBER", null).id());
        v.values.put("id", expect(201, api.post(Api.workspace(ws) + "/tokens", owner.token(),
                body("name", "routes", "grant", Map.of("allProjects", "TESTER")))).string("id"));
        String serviceUser = expect(201, api.post(Api.workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Route", "lastName", "Bot"))).string("id");
        v.values.put("serviceUser", serviceUser);
        v.values.put("patId", expect(201, api.post("/api/users/service/" + serviceUser + "/personal-access-tokens",
                owner.token(), body("note", "routes", "permissions", List.of("projects:read"), "allProjects", true))).string("id"));
        return v;
    }

    /** The route's template as the OpenAPI document spells it: {@code {decision:approve|deny}} becomes {@code {decision}}. */
    public static String template(UriRouteInfo<?, ?> route) {
        return MODIFIER.matcher(route.getUriMatchTemplate().toPathString()).replaceAll("{$1}");
    }

    public String get(String name) {
        return values.get(name);
    }

    /**
     * The template with every variable replaced ({@code userId} under a service-user route is the
     * service user, {@code id} under it the service token).
     */
    public String fill(String template) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("userId") && template.contains("service") ? values.get("serviceUser")
                    : name.equals("id") && template.contains("/users/service/") ? values.get("patId") : values.get(name);
            m.appendReplacement(out, value == null ? "x" : value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
