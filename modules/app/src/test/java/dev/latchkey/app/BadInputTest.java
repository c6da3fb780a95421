package dev.latchkey.app;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.members;
import static dev.latchkey.app.support.Api.projects;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a client sends, the answer is a problem+json that says what was wrong and nothing about the internals. */
@MicronautTest(transactional = false)
class BadInputTest extends ApiTest {
    private Session owner;
    private Workspace ws;

    @BeforeEach
    void aWorkspace() {
        owner = api.newUser();
        ws = api.createWorkspace(owner);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"slug\":", "{slug: 'acme'}", "not json", "[]", "{\"slug\":\"a\" \"name\":\"b\"}"})
    void malformedJsonIsABadRequest(String body) {
        Reply reply = assertProblem(400, api.post("/api/workspaces", owner.token(), body));
        assertTrue(reply.string("detail").contains("not valid JSON"), reply::toString);
    }

    @Test
    void malformedJsonIsABadRequestOnEveryKindOfBody() {
        String broken = "{\"email\":";
        assertProblem(400, api.post("/api/signup", null, broken));
        assertProblem(400, api.post(projects(ws), owner.token(), broken));
        assertProblem(400, api.post(members(ws), owner.token(), broken));
        assertProblem(400, api.patch(workspace(ws), owner.token(), broken));
        assertProblem(400, api.post("/api/authz/check", owner.token(), broken));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"slug\":{\"a\":1},\"name\":\"Acme\"}", "{\"slug\":[\"a\",\"b\"],\"name\":\"Acme\"}",
            "{\"slug\":\"acme-x\",\"name\":{}}"})
    void aWrongTypeIsABadRequest(String body) {
        assertProblem(400, api.post("/api/workspaces", owner.token(), body));
    }

    @Test
    void wrongTypesInNestedFieldsAreABadRequest() {
        assertProblem(400, api.post(members(ws), owner.token(),
                "{\"email\":\"" + owner.email() + "\",\"role\":\"MEMBER\",\"projectRoles\":\"all\"}"));
        assertProblem(400, api.post(members(ws), owner.token(), "{\"email\":\"" + owner.email() + "\",\"role\":7}"));
        assertProblem(400, api.post(projects(ws), owner.token(), "{\"key\":\"web\",\"name\":\"Web\",\"protected\":{}}"));
        assertProblem(400, api.get(members(ws) + "?limit=many", owner.token()));
    }

    @Test
    void anUnknownEnumValueIsABadRequest() {
        Session bob = api.newUser();
        assertProblem(400, api.post(members(ws), owner.token(),
                "{\"email\":\"" + bob.email() + "\",\"role\":\"SUPERUSER\"}"));
        assertProblem(400, api.patch(members(ws) + "/" + owner.id(), owner.token(), "{\"role\":\"owner!\"}"));
    }

    @Test
    void aBodyOfAnotherMediaTypeIsRefused() {
        MutableHttpRequest<Object> request = HttpRequest.create(HttpMethod.POST, "/api/workspaces");
        request.bearerAuth(owner.token()).contentType(MediaType.TEXT_PLAIN_TYPE).body("slug=acme");
        Reply reply = api.send(request, null);
        assertTrue(reply.status() == 400 || reply.status() == 415, reply::toString);
        assertProblem(reply.status(), reply);
    }

    @Test
    void aMissingBodyIsABadRequest() {
        assertProblem(400, api.post("/api/workspaces", owner.token(), ""));
    }

    @Test
    void anUnknownRouteIsAProblem404() {
        assertProblem(404, api.get("/api/nothing-here", owner.token()));
        assertProblem(404, api.get(workspace(ws) + "/nothing-here", owner.token()));
    }

    @Test
    void aWrongMethodIsAProblem() {
        Reply reply = api.exchange(HttpMethod.PUT, "/api/workspaces", owner.token(), Map.of("slug", "x"));
        assertTrue(reply.status() == 405 || reply.status() == 404, reply::toString);
        assertProblem(reply.status(), reply);
    }

    @Test
    void aRefusedRequestChangesNothing() {
        String before = expect(200, api.get(workspace(ws), owner.token())).text();
        assertProblem(400, api.patch(workspace(ws), owner.token(), "{\"name\":\"Changed\",\"slug\":\"NOT VALID\"}"));
        assertProblem(400, api.patch(workspace(ws), owner.token(), "{\"name\":\"Changed\",\"slug\":7"));
        assertEquals(before, expect(200, api.get(workspace(ws), owner.token())).text());

        String project = api.createProject(owner, ws);
        String key = expect(200, api.get(projects(ws) + "/" + project, owner.token())).string("key");
        assertProblem(409, api.post(projects(ws), owner.token(), Map.of("key", key, "name", "Again")));
        assertEquals(1, expect(200, api.get(projects(ws), owner.token())).items().size());
    }
}
