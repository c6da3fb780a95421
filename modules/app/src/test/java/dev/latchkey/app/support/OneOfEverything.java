package dev.latchkey.app.support;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;

/**
 * A new owner's workspace with one of everything a route of the API names (a project, a member, a
 * token of each kind, a service user, an access rule, a webhook endpoint and one of its deliveries),
 * and what each path variable of a route template stands for in it: for the tests generated from
 * the router's route table that must reach the handlers rather than a 404. A test adds what only
 * it needs with {@link #put}. The webhook points at a closed loopback port (the test's context
 * sets {@code latchkey.webhooks.allow-private}), so a delivery never leaves the machine.
 */
public final class OneOfEverything {
    public static final String CLOSED_LOOPBACK = "http://127.0.0.1:9/latchkey";

    private final Session owner;
    private final Workspace ws;
    private final Map<String, String> ids = new LinkedHashMap<>();

    private OneOfEverything(Session owner, Workspace ws) {
        this.owner = owner;
        this.ws = ws;
    }

    public static OneOfEverything create(Api api) {
        Session owner = api.newUser();
        Workspace ws = api.createWorkspace(owner);
        OneOfEverything w = new OneOfEverything(owner, ws);
        String in = Api.workspace(ws);
        w.put("project", api.createProject(owner, ws));
        w.put("member", api.newMember(owner, ws, "MEMBER", null).id());
        w.put("workspace token", expect(201, api.post(in + "/tokens", owner.token(),
                body("name", "w", "grant", Map.of("allProjects", "TESTER")))).string("id"));
        w.put("service user", expect(201, api.post(in + "/service-users", owner.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id"));
        w.put("service token", expect(201, api.post("/api/users/service/" + w.id("service user")
                + "/personal-access-tokens", owner.token(), body("note", "s", "permissions", List.of("projects:read"),
                "allProjects", true))).string("id"));
        w.put("personal token", expect(201, api.post("/api/user/personal-access-tokens", owner.token(),
                body("name", "p", "scopes", List.of("projects:read")))).string("id"));
        w.put("access rule", expect(201, api.post(in + "/access-rules", owner.token(), accessRule())).string("id"));
        w.put("webhook", expect(201, api.post(in + "/webhooks", owner.token(),
                body("url", CLOSED_LOOPBACK, "events", List.of("member.added")))).string("id"));
        w.put("delivery", expect(202, api.post(in + "/webhooks/" + w.id("webhook") + "/test", owner.token(),
                Map.of())).string("id"));
        return w;
    }

    /** The body of a valid new access rule. */
    public static Map<String, Object> accessRule() {
        return body("methods", List.of("POST"), "path", "/api/{project}/releases/**", "permission", "releases:deploy");
    }

    public Session owner() {
        return owner;
    }

    public Workspace ws() {
        return ws;
    }

    /** The id of one thing, by what it is ("project", "service token", …); null if there is none. */
    public String id(String what) {
        return ids.get(what);
    }

    public void put(String what, String id) {
        ids.put(what, id);
    }

    /**
     * What {@code {variable}} stands for in {@code template}, judged by the path around it
     * ({@code userId} under a service-user route is the service user, {@code id} under it the
     * service token); null for a variable this workspace has nothing for, which the caller names.
     */
    public String valueOf(String template, String variable) {
        return switch (variable) {
            case "ws" -> ws.slug();
            case "projectId" -> id("project");
            case "typeId" -> id("token type");
            case "token_id" -> id("personal token");
            case "userId" -> template.contains("service") ? id("service user") : id("member");
            case "deliveryId" -> id("delivery");
            case "decision" -> "approve";
            case "id" -> template.contains("/webhooks/") ? id("webhook")
                    : template.contains("/users/service/") ? id("service token")
                    : template.contains("/tokens/") ? id("workspace token")
                    : template.contains("/personal-access-tokens/") ? id("personal token")
                    : template.contains("/access-rules/") ? id("access rule")
                    : template.contains("/token-requests/") ? id("token request")
                    : null;
            default -> null;
        };
    }
}
