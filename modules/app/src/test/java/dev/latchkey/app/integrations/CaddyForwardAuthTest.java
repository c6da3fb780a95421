package dev.latchkey.app.integrations;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTP API behind a real Caddy {@code forward_auth} to {@code /api/auth/forward}, configured by
 * the recipe printed in docs/integrations.md and guarded by the workspace's access rules.
 */
@ProxyBinaries.Needs(value = "/usr/bin/caddy", packages = "caddy")
@MicronautTest(transactional = false)
class CaddyForwardAuthTest extends HttpTestBase {
    @Inject
    EmbeddedServer server;

    private Path dir;
    private ChildProcesses children;
    private HttpServer upstream;
    private int port;
    private String key;
    private String otherKey;
    private String writer;
    private String reader;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        Person ann = api.person();
        String ws = api.workspace(ann);
        key = "shop" + System.nanoTime() % 100000;
        assertEquals(201, api.post("/api/workspaces/" + ws + "/projects", Map.of("key", key, "name", "Shop"), ann.bearer()).status());
        otherKey = "other" + System.nanoTime() % 100000;
        assertEquals(201, api.post("/api/workspaces/" + api.workspace(ann) + "/projects",
                Map.of("key", otherKey, "name", "Other"), ann.bearer()).status());
        for (Map<String, Object> rule : List.of(
                Map.<String, Object>of("methods", List.of("POST"), "path", "/api/{project}/releases/**", "permission", "releases:deploy"),
                Map.<String, Object>of("methods", List.of("GET"), "path", "/api/{project}/releases/**", "permission", "releases"))) {
            Reply r = api.post("/api/workspaces/" + ws + "/access-rules", rule, ann.bearer());
            assertEquals(201, r.status(), r.toString());
        }
        writer = fx.mint(ann, Map.of("name", "deploy", "workspace", ws, "scopes", List.of("releases:deploy"))).secret();
        reader = fx.mint(ann, Map.of("name", "read", "workspace", ws, "scopes", List.of("releases"))).secret();

        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = ("upstream " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " as "
                    + exchange.getRequestHeaders().getFirst("X-Latchkey-Subject")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();

        dir = Files.createTempDirectory("latchkey-caddy");
        children = new ChildProcesses(dir);
        port = DocConfig.freePort();
        String site = DocConfig.read("caddy-forward-auth").with(DocConfig.substitutions(
                "api.example.com {", "http://127.0.0.1:" + port + " {",
                "127.0.0.1:8080", "127.0.0.1:" + server.getPort(),
                "workspace=acme", "workspace=" + ws,
                "127.0.0.1:9000", "127.0.0.1:" + upstream.getAddress().getPort())).text();
        // no admin endpoint and no certificates: several test runs may share the machine
        Files.writeString(dir.resolve("Caddyfile"), "{\n\tadmin off\n\tauto_https off\n\tstorage file_system "
                + dir.resolve("data") + "\n}\n\n" + site);
        Process caddy = children.start("caddy", List.of("/usr/bin/caddy", "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile"));
        children.awaitPort("caddy", caddy, port);
    }

    @AfterAll
    void stop() {
        if (children != null) {
            children.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private HttpResponse<String> call(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e + "\n" + children.log("caddy"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void anAllowedRequestReachesTheUpstreamWithTheSubject() {
        HttpResponse<String> r = call("POST", "/api/" + key + "/releases/7/deploy", writer);
        assertEquals(200, r.statusCode(), r.body() + "\n" + children.log("caddy"));
        assertTrue(r.body().startsWith("upstream POST /api/" + key + "/releases/7/deploy as user:"), r.body());
        assertEquals(200, call("GET", "/api/" + key + "/releases", reader).statusCode());
    }

    @Test
    void theWrongMethodIsRefused() {
        assertEquals(403, call("POST", "/api/" + key + "/releases/7/deploy", reader).statusCode());
        assertEquals(403, call("DELETE", "/api/" + key + "/releases/7", writer).statusCode());
    }

    @Test
    void aProjectOfAnotherWorkspaceIsRefused() {
        assertEquals(403, call("POST", "/api/" + otherKey + "/releases/7/deploy", writer).statusCode());
    }

    @Test
    void aPathNoRuleCoversIsRefused() {
        HttpResponse<String> r = call("GET", "/admin/users", writer);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("forbidden"), r.body());
    }

    @Test
    void noTokenIsChallenged() {
        HttpResponse<String> r = call("GET", "/api/" + key + "/releases", null);
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Basic")),
                r.headers().map().toString());
    }
}
