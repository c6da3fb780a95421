package dev.latchkey.app;

import dev.latchkey.app.support.RouteValues;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import dev.latchkey.app.support.ApiTest;
import dev.latchkey.app.support.OpenApiDocument;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document the build generates, read as client generators read it (swagger-parser):
 * valid, no internal argument leaking into it, no invented DELETE bodies, credentials declared, and
 * the integration endpoints documented with the answers they really give. The rules that hold for
 * every operation are checked against the router's route table, so a new route is held to them the
 * day it is added: documented, its real credentials (none on a public route), 401/403 problem+json
 * on a protected one, typed parameters, a human summary, its real success status, and an example
 * for every body that creates something.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends ApiTest {
    /** Routes that are not part of the documented API, and why. */
    private static final Map<String, String> UNDOCUMENTED = undocumented();

    private static Map<String, String> undocumented() {
        Map<String, String> why = new LinkedHashMap<>();
        why.put("POST /token_info", "Micronaut Security's introspection of the caller's own JWT, not Latchkey's API");
        why.put("GET /token_info", "Micronaut Security's introspection of the caller's own JWT, not Latchkey's API");
        why.put("GET /health/{selector}", "one health indicator; the details are on the management port (docs/security.md)");
        why.put("GET /prometheus", "the metrics scrape, for Prometheus rather than API clients (docs/operations.md)");
        for (String path : List.of("/api/auth/verify", "/api/auth/forward")) {
            for (String verb : List.of("POST", "PUT", "PATCH", "DELETE")) {
                why.put(verb + " " + path, "the GET operation under every verb a proxy copies (ProxyAuthEndpoint)");
            }
        }
        return why;
    }

    /** Operations of the document that no route of the router serves. */
    private static final Set<String> NOT_ROUTES = Set.of();
    /** Public operations: no credentials at all. */
    private static final Set<String> PUBLIC = Set.of("POST /api/signup", "POST /login", "GET /api/version",
            "GET /health", "GET /api/permissions", "POST /api/tokens/leaks");
    private static final List<String> PROTECTED_SCHEMES = List.of("bearer", "basic");

    @Inject
    Router router;

    private OpenAPI document;

    @BeforeAll
    void parse() throws IOException {
        document = OpenApiDocument.read();
    }

    private List<Map.Entry<String, Operation>> operations() {
        return OpenApiDocument.operations(document);
    }

    @Test
    void noInternalArgumentAppearsAsAParameterOrABodyProperty() {
        for (Map.Entry<String, Operation> op : operations()) {
            for (Parameter p : op.getValue().getParameters() == null ? List.<Parameter>of() : op.getValue().getParameters()) {
                assertFalse(Set.of("caller", "request").contains(p.getName()), op.getKey() + " has parameter " + p.getName());
            }
            if (op.getValue().getRequestBody() != null && op.getValue().getRequestBody().getContent() != null) {
                op.getValue().getRequestBody().getContent().forEach((type, media) ->
                        assertFalse(mentionsCaller(media.getSchema()), op.getKey() + " has a caller in its body"));
            }
        }
        assertFalse(document.getComponents().getSchemas().containsKey("Caller"), "a Caller schema is documented");
    }

    /** A {@code $ref} to a component schema as that schema. */
    private Schema<?> resolve(Schema<?> schema) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return document.getComponents().getSchemas().get(name);
    }

    private static boolean mentionsCaller(Schema<?> schema) {
        if (schema == null) {
            return false;
        }
        if (schema.getProperties() != null && schema.getProperties().containsKey("caller")) {
            return true;
        }
        List<Schema> parts = new ArrayList<>();
        if (schema.getAllOf() != null) {
            parts.addAll(schema.getAllOf());
        }
        return parts.stream().anyMatch(OpenApiDocumentTest::mentionsCaller);
    }

    @Test
    void deletesHaveNoBody() {
        List<String> deletes = new ArrayList<>();
        for (Map.Entry<String, Operation> op : operations()) {
            if (op.getKey().startsWith("DELETE ")) {
                deletes.add(op.getKey());
                assertNull(op.getValue().getRequestBody(), op.getKey() + " documents a body");
            }
        }
        assertTrue(deletes.size() >= 5, deletes.toString());
    }

    @Test
    void theCredentialSchemesAreDeclaredAndNoneIsRequiredGlobally() {
        assertEquals(Set.of("bearer", "basic", "token"), document.getComponents().getSecuritySchemes().keySet());
        assertEquals("bearer", document.getComponents().getSecuritySchemes().get("bearer").getScheme());
        assertEquals("basic", document.getComponents().getSecuritySchemes().get("basic").getScheme());
        assertEquals("bearer", document.getComponents().getSecuritySchemes().get("token").getScheme());
        // a global requirement would be inherited by every public operation a generator reads
        assertTrue(document.getSecurity() == null || document.getSecurity().isEmpty(), String.valueOf(document.getSecurity()));
        for (Map.Entry<String, Operation> op : operations()) {
            List<SecurityRequirement> own = op.getValue().getSecurity();
            assertTrue(own == null || own.stream().allMatch(r -> document.getComponents().getSecuritySchemes().keySet()
                    .containsAll(r.keySet())), op.getKey());
        }
    }

    // --- rules for every operation, from the router's route table ---------------------------------

    /** Each documentable route once, by "METHOD /path" as the document spells it. */
    private Map<String, UriRouteInfo<?, ?>> routes() {
        Map<String, UriRouteInfo<?, ?>> byKey = new LinkedHashMap<>();
        router.uriRoutes()
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD && r.getHttpMethod() != HttpMethod.OPTIONS)
                .filter(r -> !r.getAnnotationMetadata().hasAnnotation(Hidden.class))
                .filter(r -> !UNDOCUMENTED.containsKey(key(r)))
                .forEach(r -> byKey.putIfAbsent(key(r), r));
        return byKey;
    }

    private static String key(UriRouteInfo<?, ?> route) {
        return route.getHttpMethod() + " " + RouteValues.template(route);
    }

    /** Open to anyone: @Secured(isAnonymous()), or a management endpoint that is not sensitive (/health). */
    private static boolean anonymous(String key, AnnotationMetadata metadata) {
        List<String> access = List.of(metadata.stringValues(Secured.class));
        return access.equals(List.of(SecurityRule.IS_ANONYMOUS))
                || (access.isEmpty() && metadata.booleanValue("io.micronaut.management.endpoint.annotation.Endpoint",
                        "defaultSensitive").map(sensitive -> !sensitive).orElse(false) && PUBLIC.contains(key));
    }

    private Map<String, Operation> operationsByKey() {
        Map<String, Operation> byKey = new LinkedHashMap<>();
        operations().forEach(e -> byKey.put(e.getKey(), e.getValue()));
        return byKey;
    }

    @Test
    void everyRouteIsDocumentedAndEveryOperationIsARoute() {
        Map<String, UriRouteInfo<?, ?>> routes = routes();
        Set<String> documented = operationsByKey().keySet();
        assertTrue(routes.size() >= 60, "the router should list the API's routes, found " + routes.size());
        Set<String> undocumented = new TreeSet<>(routes.keySet());
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "routes missing from the document");
        Set<String> invented = new TreeSet<>(documented);
        invented.removeAll(routes.keySet());
        invented.removeAll(NOT_ROUTES);
        assertEquals(Set.of(), invented, "operations no route serves");
    }

    @Test
    void everyProtectedOperationNamesItsCredentialsAndItsRefusalsAndNoPublicOneClaimsThem() {
        Map<String, Operation> ops = operationsByKey();
        List<String> problems = new ArrayList<>();
        int protectedOps = 0;
        for (Map.Entry<String, UriRouteInfo<?, ?>> route : routes().entrySet()) {
            Operation op = ops.get(route.getKey());
            if (op == null) {
                continue; // reported by everyRouteIsDocumentedAndEveryOperationIsARoute
            }
            List<List<String>> security = op.getSecurity() == null ? List.of()
                    : op.getSecurity().stream().map(r -> List.copyOf(r.keySet())).toList();
            if (!anonymous(route.getKey(), route.getValue().getAnnotationMetadata())) {
                protectedOps++;
                if (!security.equals(List.of(List.of("bearer"), List.of("basic")))) {
                    problems.add(route.getKey() + " is protected but documents " + security);
                }
                for (String code : List.of("401", "403")) {
                    if (!isProblem(op.getResponses().get(code))) {
                        problems.add(route.getKey() + " documents no " + code + " application/problem+json");
                    }
                }
            } else if (PUBLIC.contains(route.getKey()) && !security.isEmpty()) {
                problems.add(route.getKey() + " is public but documents " + security);
            } else if (!security.isEmpty() && op.getResponses().get("401") == null) {
                // a public route that checks credentials of its own (a proxy's token, an OAuth client) names them
                problems.add(route.getKey() + " names credentials " + security + " but no 401 for bad ones");
            }
        }
        for (String op : PUBLIC) {
            List<SecurityRequirement> security = ops.get(op).getSecurity();
            if (security != null && !security.isEmpty()) {
                problems.add(op + " is public but documents " + security);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(protectedOps >= 50, "protected operations: " + protectedOps);
        // the public ones that check credentials: the token a proxy passes on, an OAuth client
        for (String path : List.of("/api/auth/verify", "/api/auth/forward")) {
            assertEquals(List.of(Set.of("token"), Set.of("basic")), document.getPaths().get(path).getGet().getSecurity()
                    .stream().map(Map::keySet).toList(), path);
        }
        for (String path : List.of("/oauth/introspect", "/oauth/revoke")) {
            assertEquals(List.of(Set.of("bearer"), Set.of("basic")), document.getPaths().get(path).getPost().getSecurity()
                    .stream().map(Map::keySet).toList(), path);
        }
    }

    private static boolean isProblem(ApiResponse response) {
        return response != null && response.getContent() != null
                && response.getContent().get("application/problem+json") != null
                && response.getContent().get("application/problem+json").getSchema() != null;
    }

    @Test
    void everyOperationHasAHumanSummary() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, Operation> op : operations()) {
            String summary = op.getValue().getSummary();
            if (summary == null || summary.isBlank()) {
                problems.add(op.getKey() + " has no summary");
                continue;
            }
            // a sentence for a person: capitalised, short, no Javadoc or HTML, no trailing period
            if (!Character.isUpperCase(summary.charAt(0)) || summary.length() > 90 || summary.matches(".*[{@<>].*")
                    || summary.endsWith(".") || summary.toLowerCase(java.util.Locale.ROOT).contains(" response")) {
                problems.add(op.getKey() + " has the summary \"" + summary + "\"");
            }
            // the token kinds share their lifecycle routes (one declaration); their tag tells them apart
            if (!seen.add(op.getValue().getTags() + " " + summary)) {
                problems.add(op.getKey() + " repeats the summary \"" + summary + "\"");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyParameterIsTyped() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Operation> op : operations()) {
            for (Parameter p : op.getValue().getParameters() == null ? List.<Parameter>of() : op.getValue().getParameters()) {
                Schema<?> schema = p.getSchema() == null ? null : resolve(p.getSchema());
                String type = schema == null ? null : schema.getType();
                if (type == null || "object".equals(type)) {
                    problems.add(op.getKey() + " parameter " + p.getName() + " has type " + type);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyOperationDocumentsTheSuccessStatusItReallyAnswers() {
        Map<String, Operation> ops = operationsByKey();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, UriRouteInfo<?, ?>> route : routes().entrySet()) {
            Operation op = ops.get(route.getKey());
            if (op == null) {
                continue;
            }
            Set<String> success = new TreeSet<>(op.getResponses().keySet().stream().filter(c -> c.startsWith("2")).toList());
            AnnotationMetadata metadata = route.getValue().getAnnotationMetadata();
            String expected = metadata.enumValue(Status.class, io.micronaut.http.HttpStatus.class)
                    .map(s -> String.valueOf(s.getCode()))
                    .orElse(route.getValue().getReturnType().isVoid() ? "204" : null);
            if (success.size() != 1) {
                problems.add(route.getKey() + " documents the successes " + success);
            } else if (expected != null && !success.contains(expected)) {
                problems.add(route.getKey() + " answers " + expected + " but documents " + success);
            }
            ApiResponse noContent = op.getResponses().get("204");
            if (noContent != null && noContent.getContent() != null && !noContent.getContent().isEmpty()) {
                problems.add(route.getKey() + " documents a body for its 204");
            }
            // seed 001's PAT API answers its revoke with 200 {message, status}: its shape is its contract
            boolean seedShape = route.getKey().startsWith("DELETE /api/personal-access-tokens/");
            if (route.getValue().getHttpMethod() == HttpMethod.DELETE && !seedShape && !success.equals(Set.of("204"))) {
                problems.add(route.getKey() + " deletes but documents " + success);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyBodyThatCreatesSomethingAndTheLoginHaveAnExample() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Operation> op : operations()) {
            boolean creates = op.getValue().getResponses().containsKey("201") || op.getKey().equals("POST /login");
            if (!creates || op.getValue().getRequestBody() == null) {
                continue;
            }
            checked++;
            MediaType json = op.getValue().getRequestBody().getContent().get("application/json");
            boolean example = json != null && (json.getExample() != null
                    || (json.getExamples() != null && !json.getExamples().isEmpty())
                    || (json.getSchema() != null && resolve(json.getSchema()).getExample() != null));
            if (!example) {
                problems.add(op.getKey() + " has no example of its JSON body");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 10, "bodies checked: " + checked);
    }

    @Test
    void forwardAuthAndRevocationAreDocumentedWithTheirRealAnswers() {
        for (String path : List.of("/api/auth/verify", "/api/auth/forward")) {
            Operation get = document.getPaths().get(path).getGet();
            assertEquals(Set.of("204", "400", "401", "403"), get.getResponses().keySet(), path);
            assertTrue(get.getResponses().get("204").getHeaders().containsKey("X-Latchkey-Subject"), path);
            assertNotNull(get.getResponses().get("401").getContent().get("application/problem+json"), path);
            assertFalse(get.getSummary().contains("{@code"), path + ": " + get.getSummary());
        }
        Operation revoke = document.getPaths().get("/oauth/revoke").getPost();
        assertNull(revoke.getResponses().get("200").getContent(), "RFC 7009 answers with an empty body");
        assertNotNull(revoke.getRequestBody().getContent().get("application/x-www-form-urlencoded"));
        Operation introspect = document.getPaths().get("/oauth/introspect").getPost();
        assertNotNull(introspect.getRequestBody().getContent().get("application/x-www-form-urlencoded"));
        Schema<?> form = resolve(introspect.getRequestBody().getContent().get("application/x-www-form-urlencoded").getSchema());
        assertTrue(form.getProperties().keySet().containsAll(Set.of("token", "client_id", "client_secret")), form.toString());
    }

    @Test
    void accessRulesAreDocumentedWithAnExample() {
        PathItem rules = document.getPaths().get("/api/workspaces/{ws}/access-rules");
        assertNotNull(rules.getGet());
        assertNotNull(rules.getPost().getResponses().get("201"));
        Schema<?> body = resolve(rules.getPost().getRequestBody().getContent().get("application/json").getSchema());
        assertNotNull(body.getExample(), body.toString());
        assertTrue(String.valueOf(body.getExample()).contains("{project}"), String.valueOf(body.getExample()));
    }
}
