package dev.latchkey.app.reliability;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.RouteValues;
import dev.latchkey.app.support.StoredRows;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small seeded generator of hostile requests against every route of the router: malformed JSON,
 * wrong types, huge strings, control characters, odd Content-Types and broken Authorization
 * headers, sent by a real owner at real resources so they reach the handlers. No answer may be a
 * 5xx or carry a stack trace, and nothing stored may change.
 */
@MicronautTest(transactional = false)
class BadInputFuzzTest extends ApiTest {

    @Inject
    Router router;

    @Inject
    DataSource dataSource;

    private Session owner;
    private RouteValues values;

    @BeforeAll
    void aWorkspaceWithOneOfEverything() {
        owner = api.newUser();
        values = RouteValues.of(api, owner, api.createWorkspace(owner));
    }

    private static String bodyOf(Random random) {
        String huge = "x".repeat(200_000 + random.nextInt(1000));
        List<String> bodies = List.of(
                "{", "{\"name\":", "[1,2", "nul", "}{", "\"just a string\"", "12345",
                "{\"name\":123,\"slug\":[],\"key\":{},\"scopes\":\"x\",\"grant\":5,\"role\":true,\"projects\":\"p\"}",
                "{\"email\":{\"a\":1},\"password\":[1],\"permissions\":[1,2,3],\"allProjects\":\"yes\"}",
                "{\"name\":\"" + huge + "\",\"note\":\"" + huge + "\"}",
                "{\"slug\":\"a\\u0000b\",\"name\":\"\\u0007\\u001b[31m\",\"key\":\"\\n\\r\"}",
                "{\"role\":\"EMPEROR\",\"projectRoles\":{\"not-an-id\":\"GOD\"},\"grant\":{\"allProjects\":\"KING\"}}",
                "{\"ipRestrictions\":[\"999.1.1.1/99\",\"::::\"],\"expiration\":\"forever\",\"expiresAt\":\"yesterday\"}",
                "{\"ids\":" + "[\"a\",".repeat(500) + "\"b\"" + "]".repeat(1) + "}",
                new String(randomBytes(random), StandardCharsets.ISO_8859_1));
        return bodies.get(random.nextInt(bodies.size()));
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[64 + random.nextInt(512)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A body-less request with valid credentials is simply a valid request, so those get broken ones only. */
    private String authorization(Random random, boolean withBody) {
        if (withBody && random.nextBoolean()) {
            return "Bearer " + owner.token();
        }
        List<String> headers = List.of("Bearer ", "Bearer",
                "Basic !!!", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                "Bearer lkp_" + "A".repeat(49), "Bearer lks_short", "Digest username=x", "Bearer " + "y".repeat(8000),
                "Basic " + Base64.getEncoder().encodeToString(("git:lkw_" + "0".repeat(49)).getBytes(StandardCharsets.UTF_8)));
        return headers.get(random.nextInt(headers.size()));
    }

    private Map<String, Long> counts() throws Exception {
        return StoredRows.count(dataSource, StoredRows.TABLES);
    }

    @Test
    void hostileRequestsGetAClear4xxAndChangeNothing() throws Exception {
        Random random = new Random(20261128L);
        List<String> contentTypes = List.of("application/json", "application/json", "text/plain", "application/xml",
                "text/csv", "application/octet-stream", "application/json; charset=latin-7");
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes()
                .filter(r -> RouteValues.template(r).startsWith("/api/")
                        || RouteValues.template(r).startsWith("/login")
                        || RouteValues.template(r).startsWith("/oauth"))
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD && r.getHttpMethod() != HttpMethod.OPTIONS)
                // a copy's body is optional (any JSON object, unknown members ignored, is a valid request): with
                // the owner's session it rightly creates a token, so it cannot be a "hostile request changes nothing"
                .filter(r -> !RouteValues.template(r).endsWith("/copy"))
                .toList();
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (int round = 0; round < 3; round++) {
            for (UriRouteInfo<?, ?> route : routes) {
                HttpMethod method = route.getHttpMethod();
                String path = values.fill(RouteValues.template(route));
                MutableHttpRequest<Object> request = HttpRequest.create(method, path);
                boolean withBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
                // a copy takes an optional body whose every field may be left out, so a hostile body that parses
                // (unknown fields are ignored) is a well-formed copy: the owner's session is not offered there
                request.header("Authorization", authorization(random, withBody && !path.endsWith("/copy")));
                Object payload = null;
                if (withBody) {
                    payload = bodyOf(random);
                    request.body(payload.toString().getBytes(StandardCharsets.UTF_8)).contentType(contentTypes.get(random.nextInt(contentTypes.size())));
                }
                Reply reply = api.send(request, null);
                sent++;
                String text = reply.text();
                if (reply.status() >= 500 || text.contains("Exception") || text.contains("at dev.latchkey")
                        || text.contains("java.") || text.contains("io.micronaut")) {
                    failures.add(method + " " + RouteValues.template(route) + " -> " + reply.status() + " "
                            + text.substring(0, Math.min(200, text.length())));
                }
                if (reply.status() >= 400 && !text.isEmpty()) {
                    assertTrue(reply.contentType().startsWith("application/problem+json"),
                            method + " " + path + " answered " + reply.contentType());
                }
            }
        }
        System.out.println("[fuzz] " + sent + " hostile requests over " + routes.size() + " routes");
        assertTrue(sent > 100, "sent " + sent);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, counts(), "a refused request changed stored state");
    }
}
