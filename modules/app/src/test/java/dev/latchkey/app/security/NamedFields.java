package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.projects;
import static dev.latchkey.app.support.Api.workspace;

/**
 * Every (route, body field) pair that stores a name or a note other people read later, for every
 * module: sign-up, workspaces, projects, service users and the three token kinds. A new such field
 * belongs here, and then {@link BadValuesTest} and {@link RedactionTest} cover it.
 */
final class NamedFields {
    private NamedFields() {
    }

    /**
     * @param note     a note may span lines; a name may not
     * @param withAuth false for the one public route (sign-up)
     */
    record Case(HttpMethod method, String path, String field, boolean note, boolean withAuth,
                Function<String, Map<String, Object>> body) {
        Reply send(Api api, Session caller, String value) {
            return api.exchange(method, path, withAuth ? caller.token() : null, body.apply(value));
        }

        /** Seed 001's surface answers errors in its own {@code {"message","status"}} shape. */
        boolean seedShape() {
            return path.startsWith("/api/personal-access-tokens");
        }

        @Override
        public String toString() {
            return method + " " + path + " " + field;
        }
    }

    static List<Case> of(Api api, Session owner, Workspace ws) {
        String serviceUser = expect(201, api.post(workspace(ws) + "/service-users", owner.token(),
                body("firstName", "Deploy", "lastName", "Bot"))).string("id");
        String pats = "/api/user/personal-access-tokens";
        String sTokens = "/api/users/service/" + serviceUser + "/personal-access-tokens";
        String pat = expect(201, api.post(pats, owner.token(), body("name", "pat", "scopes", List.of("user:read")))).string("id");
        String wsTokens = workspace(ws) + "/tokens";
        Map<String, String> grant = Map.of("allProjects", "TESTER");
        String wsToken = expect(201, api.post(wsTokens, owner.token(), body("name", "wst", "grant", grant))).string("id");
        List<String> permissions = List.of("projects:read");
        String sToken = expect(201, api.post(sTokens, owner.token(),
                body("note", "deploy", "permissions", permissions, "allProjects", true))).string("id");
        String project = projects(ws) + "/" + api.createProject(owner, ws);
        String serviceUserPath = workspace(ws) + "/service-users/" + serviceUser;
        String types = workspace(ws) + "/token-types";
        String type = expect(201, api.post(types, owner.token(), body("name", "t", "permissions", permissions))).string("id");
        // a PAT waiting for this workspace's approval, for the approve/deny notes (issue #19)
        expect(200, api.exchange(HttpMethod.PUT, workspace(ws) + "/token-policy", owner.token(),
                body("requireApprovalForPersonalTokens", true)));
        expect(201, api.post(pats, owner.token(), body("name", "limited", "scopes", List.of("user:read"), "workspace", ws.slug())));
        String request = workspace(ws) + "/token-requests/" + api.get("/api/user/token-requests", owner.token()).items().get(0)
                .get("tokenId");
        return List.of(
                note(HttpMethod.POST, request + "/approve", v -> body("note", v)),
                note(HttpMethod.POST, request + "/deny", v -> body("note", v)),
                new Case(HttpMethod.POST, "/api/signup", "firstName", false, false, v -> signUp(v, "Lee")),
                new Case(HttpMethod.POST, "/api/signup", "lastName", false, false, v -> signUp("Ann", v)),
                name(HttpMethod.POST, "/api/workspaces", "name", v -> body("slug", Api.unique("ws"), "name", v)),
                name(HttpMethod.PATCH, workspace(ws), "name", v -> body("name", v)),
                name(HttpMethod.POST, projects(ws), "name", v -> body("key", Api.unique("p"), "name", v)),
                name(HttpMethod.PATCH, project, "name", v -> body("name", v)),
                name(HttpMethod.POST, workspace(ws) + "/service-users", "firstName", v -> body("firstName", v, "lastName", "Bot")),
                name(HttpMethod.POST, workspace(ws) + "/service-users", "lastName", v -> body("firstName", "D", "lastName", v)),
                name(HttpMethod.PATCH, serviceUserPath, "firstName", v -> body("firstName", v)),
                name(HttpMethod.PATCH, serviceUserPath, "lastName", v -> body("lastName", v)),
                name(HttpMethod.POST, pats, "name", v -> body("name", v, "scopes", List.of("user:read"))),
                note(HttpMethod.POST, pats, v -> body("name", "n", "note", v, "scopes", List.of("user:read"))),
                name(HttpMethod.PATCH, pats + "/" + pat, "name", v -> body("name", v)),
                note(HttpMethod.PATCH, pats + "/" + pat, v -> body("note", v)),
                name(HttpMethod.POST, pats + "/" + pat + "/copy", "name", v -> body("name", v)),
                name(HttpMethod.POST, wsTokens, "name", v -> body("name", v, "grant", grant)),
                note(HttpMethod.POST, wsTokens, v -> body("name", "n", "note", v, "grant", grant)),
                name(HttpMethod.PATCH, wsTokens + "/" + wsToken, "name", v -> body("name", v)),
                note(HttpMethod.PATCH, wsTokens + "/" + wsToken, v -> body("note", v)),
                name(HttpMethod.POST, wsTokens + "/" + wsToken + "/copy", "name", v -> body("name", v)),
                name(HttpMethod.POST, sTokens, "name", v -> body("name", v, "permissions", permissions, "allProjects", true)),
                note(HttpMethod.POST, sTokens, v -> body("note", v, "permissions", permissions, "allProjects", true)),
                name(HttpMethod.PATCH, sTokens + "/" + sToken, "name", v -> body("name", v)),
                name(HttpMethod.POST, sTokens + "/" + sToken + "/copy", "name", v -> body("name", v)),
                note(HttpMethod.PATCH, sTokens + "/" + sToken, v -> body("note", v)),
                name(HttpMethod.POST, "/api/personal-access-tokens", "name", v -> body("name", v)),
                name(HttpMethod.POST, types, "name", v -> body("name", v, "permissions", permissions)),
                name(HttpMethod.PATCH, types + "/" + type, "name", v -> body("name", v)));
    }

    private static Map<String, Object> signUp(String firstName, String lastName) {
        return body("email", Api.unique("signup") + "@example.com", "firstName", firstName, "lastName", lastName,
                "password", Api.PASSWORD);
    }

    private static Case name(HttpMethod method, String path, String field, Function<String, Map<String, Object>> body) {
        return new Case(method, path, field, false, true, body);
    }

    private static Case note(HttpMethod method, String path, Function<String, Map<String, Object>> body) {
        return new Case(method, path, "note", true, true, body);
    }
}
