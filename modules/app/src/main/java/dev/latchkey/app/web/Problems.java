package dev.latchkey.app.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem bodies, the one shape every error of the API takes. */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    private Problems() {
    }

    public static Map<String, Object> body(HttpStatus status, String type, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:latchkey:problem:" + type);
        // a refusal may name itself (a reached cap says which); otherwise the status's reason
        body.put("title", extensions != null && extensions.get("title") instanceof String title ? title : status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        if (extensions != null) {
            extensions.forEach(body::putIfAbsent);
        }
        return body;
    }

    public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, String type, String detail,
                                                                    Map<String, Object> extensions) {
        return HttpResponse.<Map<String, Object>>status(status)
                .contentType(PROBLEM_JSON)
                .body(body(status, type, detail, extensions));
    }

    public static String typeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid-request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case CONFLICT -> "conflict";
            case REQUEST_ENTITY_TOO_LARGE -> "payload-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case TOO_MANY_REQUESTS -> "rate-limited";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.getCode() >= 500 ? "internal-error" : "error";
        };
    }
}
