package dev.latchkey.app.support;

import io.micronaut.http.HttpHeaders;

import java.util.List;
import java.util.Map;

/** An answer as a client sees it: status, headers, the raw body and the body parsed as JSON (null if it is not JSON). */
public record Reply(int status, HttpHeaders headers, String text, Object body) {

    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
        if (!(body instanceof Map)) {
            throw new AssertionError("expected a JSON object, got " + status + ": " + text);
        }
        return (Map<String, Object>) body;
    }

    /** A top-level field as a string (null stays null). */
    public String string(String field) {
        Object value = json().get(field);
        return value == null ? null : value.toString();
    }

    public Object get(String field) {
        return json().get(field);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> items() {
        return (List<Map<String, Object>>) json().get("items");
    }

    public String contentType() {
        return headers.get(HttpHeaders.CONTENT_TYPE);
    }

    @Override
    public String toString() {
        return status + " " + text;
    }
}
