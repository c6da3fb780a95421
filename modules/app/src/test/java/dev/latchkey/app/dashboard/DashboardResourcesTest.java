package dev.latchkey.app.dashboard;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's files are public; the API's routes and its problem+json 404 are untouched by them. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardResourcesTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    private HttpResponse<String> get(String path) {
        return http.toBlocking().exchange(HttpRequest.GET(path), String.class);
    }

    @Test
    void theDashboardIsServedAtTheRootWithoutAuthentication() {
        for (String path : new String[] {"/", "/index.html"}) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.code(), path);
            assertTrue(r.getContentType().orElseThrow().toString().startsWith("text/html"), path);
            assertTrue(r.body().contains("/assets/js/app.js"), path);
        }
    }

    @Test
    void theScriptsAndStylesAreServedWithTheirTypes() {
        HttpResponse<String> js = get("/assets/js/api.js");
        assertEquals(200, js.code());
        assertTrue(js.getContentType().orElseThrow().toString().contains("javascript"));
        assertTrue(js.body().contains("X-Confirm-Password"));
        HttpResponse<String> css = get("/assets/css/app.css");
        assertTrue(css.getContentType().orElseThrow().toString().startsWith("text/css"));
    }

    @Test
    void anUnknownApiPathIsStillAProblemJson404() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/api/no-such-thing"), Argument.mapOf(String.class, Object.class)));
        assertEquals(404, e.getStatus().getCode());
        assertTrue(e.getResponse().getContentType().orElseThrow().toString().startsWith("application/problem+json"));
        assertEquals(404, ((Number) e.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow().get("status")).intValue());
    }

    @Test
    void anUnknownAssetIs404AndTheApiStillWins() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> get("/assets/js/nope.js"));
        assertEquals(404, e.getStatus().getCode());
        HttpResponse<String> version = get("/api/version");
        assertTrue(version.getContentType().orElseThrow().toString().startsWith("application/json"));
        HttpClientResponseException user = assertThrows(HttpClientResponseException.class, () -> get("/api/user"));
        assertEquals(401, user.getStatus().getCode());
    }
}
