package dev.latchkey.app.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The API as a client uses it, without ceremony: raw exchanges that return a {@link Reply} for any
 * status, and builders for the things most tests need first (a signed-in user, a workspace, a
 * project, a member). Names and slugs carry a random suffix: every test class shares one database.
 */
@Singleton
public class Api {
    public static final String PASSWORD = "correct horse battery staple";

    private final HttpClient client;
    private final JsonMapper json;

    public Api(@Client("/") HttpClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** A signed-in human: its id, email and the JWT from POST /login. */
    public record Session(String id, String email, String token) {
    }

    public record Workspace(String id, String slug) {
    }

    // ---- raw exchanges ----

    public Reply get(String path, String token) {
        return exchange(HttpMethod.GET, path, token, null);
    }

    public Reply post(String path, String token, Object body) {
        return exchange(HttpMethod.POST, path, token, body);
    }

    public Reply patch(String path, String token, Object body) {
        return exchange(HttpMethod.PATCH, path, token, body);
    }

    public Reply delete(String path, String token) {
        return exchange(HttpMethod.DELETE, path, token, null);
    }

    /** A body that is a String is sent verbatim (for malformed JSON); anything else is serialized. */
    public Reply exchange(HttpMethod method, String path, String token, Object body) {
        MutableHttpRequest<Object> request = HttpRequest.create(method, path);
        if (token != null) {
            request.bearerAuth(token);
        }
        return send(request, body);
    }

    public Reply send(MutableHttpRequest<Object> request, Object body) {
        if (body != null) {
            request.body(body instanceof String s ? s : write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            response = failed;
        }
        String text = response.getBody(String.class).orElse("");
        return new Reply(response.code(), response.getHeaders(), text, parse(text));
    }

    // ---- builders ----

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static Map<String, Object> signUpBody(String email) {
        return body("email", email, "firstName", "Ann", "lastName", "Lee", "password", PASSWORD);
    }

    public Reply signUp(String email) {
        return post("/api/signup", null, signUpBody(email));
    }

    public Reply login(String email, String password) {
        return post("/login", null, body("username", email, "password", password));
    }

    /** Signs a new user up and logs it in. */
    public Session newUser() {
        String email = unique("user") + "@example.com";
        Reply signedUp = expect(201, signUp(email));
        Reply loggedIn = expect(200, login(email, PASSWORD));
        return new Session(signedUp.string("id"), email, loggedIn.string("access_token"));
    }

    public Workspace createWorkspace(Session owner) {
        Reply created = expect(201, post("/api/workspaces", owner.token(), body("slug", unique("ws"), "name", "Acme")));
        return new Workspace(created.string("id"), created.string("slug"));
    }

    /** Creates a project and returns its id. */
    public String createProject(Session caller, Workspace ws) {
        return createProject(caller, ws, false);
    }

    public String createProject(Session caller, Workspace ws, boolean isProtected) {
        Reply created = expect(201, post(projects(ws), caller.token(),
                body("key", unique("p"), "name", "Web", "protected", isProtected)));
        return created.string("id");
    }

    public Reply addMember(Session caller, Workspace ws, Session user, String role, Map<String, String> projectRoles) {
        Map<String, Object> body = body("email", user.email(), "role", role);
        if (projectRoles != null) {
            body.put("projectRoles", projectRoles);
        }
        return post(members(ws), caller.token(), body);
    }

    /** A new user who is a member of the workspace with the given role (and project roles). */
    public Session newMember(Session owner, Workspace ws, String role, Map<String, String> projectRoles) {
        Session user = newUser();
        expect(201, addMember(owner, ws, user, role, projectRoles));
        return user;
    }

    public Reply check(Session caller, String permission, String workspace, String project) {
        return post("/api/authz/check", caller.token(), body("permission", permission, "workspace", workspace,
                "project", project));
    }

    public static String workspace(Workspace ws) {
        return "/api/workspaces/" + ws.slug();
    }

    public static String projects(Workspace ws) {
        return workspace(ws) + "/projects";
    }

    public static String members(Workspace ws) {
        return workspace(ws) + "/members";
    }

    /** A JSON object from alternating keys and values, keeping nulls (Map.of refuses them). */
    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    public static Reply expect(int status, Reply reply) {
        assertEquals(status, reply.status(), () -> "unexpected answer: " + reply);
        return reply;
    }

    /** Every id on one page of a list. */
    public static List<String> ids(Reply list, String field) {
        return list.items().stream().map(item -> String.valueOf(item.get(field))).toList();
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
