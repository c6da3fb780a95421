package dev.latchkey.pat.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 001's error shape, {@code {"message","status"}}, for every error of its surface: the
 * controller's own refusals and the errors Micronaut renders itself (an unreadable body), which
 * the app's error processor hands here by path.
 */
public final class SeedErrors {
    /** The seed-001 surface; every path under it answers errors in the seed's shape. */
    public static final String PATH = "/api/personal-access-tokens";
    /**
     * Served as RFC 9457 problem details: every member of a problem is optional, so the seed's
     * {@code {"message","status"}} is one ({@code status} standard, {@code message} an extension).
     */
    public static final String CONTENT_TYPE = "application/problem+json";

    private SeedErrors() {
    }

    public static boolean covers(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    public static Map<String, Object> body(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("status", status);
        return body;
    }
}
