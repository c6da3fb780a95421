package dev.latchkey.app.support;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document the build generates ({@code META-INF/swagger/latchkey-0.1.yml}), read as
 * client generators read it: swagger-parser with references resolved, and no parser message.
 */
public final class OpenApiDocument {
    public static final String RESOURCE = "/META-INF/swagger/latchkey-0.1.yml";

    private OpenApiDocument() {
    }

    public static OpenAPI read() throws IOException {
        String text;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "the build generates " + RESOURCE.substring(1));
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), String.valueOf(result.getMessages()));
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    /** Every operation of the document, keyed "METHOD /path" as the router's routes are. */
    public static List<Map.Entry<String, Operation>> operations(OpenAPI document) {
        List<Map.Entry<String, Operation>> all = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, op) -> all.add(Map.entry(method + " " + path.getKey(), op)));
        }
        return all;
    }
}
