package dev.latchkey.app;

import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.RouteValues;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.WorkspaceRole;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What anyone may read without logging in: the catalogue, the version, health and the API docs (metrics are not). */
@MicronautTest(transactional = false)
class PublicEndpointsTest extends ApiTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byName(Reply reply, String list, String key) {
        return ((List<Map<String, Object>>) reply.get(list)).stream()
                .collect(Collectors.toMap(m -> (String) m.get(key), Function.identity()));
    }

    @Test
    void thePermissionCatalogueListsEveryPermissionWithADescription() {
        Reply reply = expect(200, api.get("/api/permissions", null));
        Map<String, Map<String, Object>> permissions = byName(reply, "permissions", "key");
        for (Permission p : Permission.catalogue()) {
            Map<String, Object> view = permissions.get(p.key());
            assertNotNull(view, () -> p.key() + " is missing from " + reply);
            assertEquals(p.description(), view.get("description"));
            assertFalse(p.description().isBlank());
        }
        assertEquals(Permission.catalogue().size(), permissions.size());
        assertEquals(List.of("releases"), permissions.get("releases:deploy").get("impliesAll"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePermissionCatalogueCarriesTheRolePresets() {
        Reply reply = expect(200, api.get("/api/permissions", null));
        Map<String, Map<String, Object>> projectRoles = byName(reply, "projectRoles", "name");
        assertEquals(Arrays.stream(ProjectRole.values()).map(Enum::name).collect(Collectors.toSet()), projectRoles.keySet());
        List<String> tester = (List<String>) projectRoles.get("TESTER").get("permissions");
        assertTrue(tester.contains("projects:read") && !tester.contains("releases:deploy"), tester::toString);
        assertTrue(((List<String>) projectRoles.get("DEVELOPER").get("permissions")).contains("releases:deploy"));

        Map<String, Map<String, Object>> workspaceRoles = byName(reply, "workspaceRoles", "name");
        assertEquals(Arrays.stream(WorkspaceRole.values()).map(Enum::name).collect(Collectors.toSet()),
                workspaceRoles.keySet());
        assertEquals("OWNER", workspaceRoles.get("OWNER").get("roleOnEveryProject"));
        assertEquals("NONE", workspaceRoles.get("MEMBER").get("roleOnEveryProject"));
        assertTrue(((List<String>) workspaceRoles.get("ADMIN").get("permissions")).contains("workspace:manage"));
    }

    @Test
    void theVersionIsPublic() {
        Reply reply = expect(200, api.get("/api/version", null));
        assertEquals("latchkey", reply.string("name"));
        assertTrue(reply.string("version").matches("\\d+\\.\\d+\\.\\d+.*"), reply::toString);
        assertNotNull(reply.string("build"));
    }

    @Test
    void healthIsUpAndPublic() {
        assertEquals("UP", expect(200, api.get("/health", null)).string("status"));
    }

    @Test
    void metricsAreNotPublic() {
        // the management port or a scrape token (docs/security.md; ScrapeAccessTest, DomainMetricsTest)
        Reply reply = expect(404, api.get("/prometheus", null));
        assertFalse(reply.text().contains("jvm_memory_used_bytes"), reply::toString);
    }

    @Test
    void swaggerUiIsReachable() {
        Reply reply = expect(200, api.get("/swagger-ui/index.html", null));
        assertTrue(reply.text().contains("swagger-ui"), reply.text());
    }

    @jakarta.inject.Inject
    io.micronaut.web.router.Router router;

    /** Every API route of the running app, whichever module it lives in, is in the generated document. */
    @Test
    void theOpenApiDocumentIsServedUnderSwaggerAndListsEveryRoute() {
        Reply reply = expect(200, api.get("/swagger/latchkey-0.1.yml", null));
        assertTrue(reply.text().startsWith("openapi: 3."), () -> reply.text().substring(0, 40));
        List<String> paths = router.uriRoutes().map(RouteValues::template)
                .filter(p -> p.startsWith("/api/") || p.startsWith("/oauth/") || p.equals("/login"))
                .distinct().toList();
        assertTrue(paths.size() > 25, "routes: " + paths);
        for (String path : paths) {
            assertTrue(reply.text().contains("\n  " + path + ":"), () -> path + " is not in the OpenAPI document");
        }
    }
}
