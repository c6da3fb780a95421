package dev.latchkey.app;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * the integration endpoints documented with the answers they really give.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    private OpenAPI api;

    @BeforeAll
    void parse() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/swagger/latchkey-0.1.yml")) {
            assertNotNull(in, "the build generates META-INF/swagger/latchkey-0.1.yml");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), String.valueOf(result.getMessages()));
        api = result.getOpenAPI();
        assertNotNull(api);
    }

    private List<Map.Entry<String, Operation>> operations() {
        List<Map.Entry<String, Operation>> all = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, op) -> all.add(Map.entry(method + " " + path.getKey(), op)));
        }
        return all;
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
        assertFalse(api.getComponents().getSchemas().containsKey("Caller"), "a Caller schema is documented");
    }

    /** A {@code $ref} to a component schema as that schema. */
    private Schema<?> resolve(Schema<?> schema) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getSchemas().get(name);
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
    void bearerAndBasicCredentialsAreDeclaredAndRequired() {
        assertEquals(Set.of("bearer", "basic"), api.getComponents().getSecuritySchemes().keySet());
        assertEquals("bearer", api.getComponents().getSecuritySchemes().get("bearer").getScheme());
        assertEquals("basic", api.getComponents().getSecuritySchemes().get("basic").getScheme());
        List<String> required = api.getSecurity().stream().flatMap(r -> r.keySet().stream()).toList();
        assertEquals(List.of("bearer", "basic"), required);
        for (Map.Entry<String, Operation> op : operations()) {
            List<SecurityRequirement> own = op.getValue().getSecurity();
            assertTrue(own == null || own.stream().allMatch(r -> api.getComponents().getSecuritySchemes().keySet()
                    .containsAll(r.keySet())), op.getKey());
        }
    }

    @Test
    void forwardAuthAndRevocationAreDocumentedWithTheirRealAnswers() {
        for (String path : List.of("/api/auth/verify", "/api/auth/forward")) {
            Operation get = api.getPaths().get(path).getGet();
            assertEquals(Set.of("204", "400", "401", "403"), get.getResponses().keySet(), path);
            assertTrue(get.getResponses().get("204").getHeaders().containsKey("X-Latchkey-Subject"), path);
            assertNotNull(get.getResponses().get("401").getContent().get("application/problem+json"), path);
            assertFalse(get.getSummary().contains("{@code"), path + ": " + get.getSummary());
        }
        Operation revoke = api.getPaths().get("/oauth/revoke").getPost();
        assertNull(revoke.getResponses().get("200").getContent(), "RFC 7009 answers with an empty body");
        assertNotNull(revoke.getRequestBody().getContent().get("application/x-www-form-urlencoded"));
        Operation introspect = api.getPaths().get("/oauth/introspect").getPost();
        assertNotNull(introspect.getRequestBody().getContent().get("application/x-www-form-urlencoded"));
        Schema<?> form = resolve(introspect.getRequestBody().getContent().get("application/x-www-form-urlencoded").getSchema());
        assertTrue(form.getProperties().keySet().containsAll(Set.of("token", "client_id", "client_secret")), form.toString());
    }

    @Test
    void accessRulesAreDocumentedWithAnExample() {
        PathItem rules = api.getPaths().get("/api/workspaces/{ws}/access-rules");
        assertNotNull(rules.getGet());
        assertNotNull(rules.getPost().getResponses().get("201"));
        Schema<?> body = resolve(rules.getPost().getRequestBody().getContent().get("application/json").getSchema());
        assertNotNull(body.getExample(), body.toString());
        assertTrue(String.valueOf(body.getExample()).contains("{project}"), String.valueOf(body.getExample()));
    }
}
