package dev.latchkey.directory.common;

import io.micronaut.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal with everything an RFC 9457 problem body needs. Services throw it for answers the
 * caller can act on; the app renders it as application/problem+json. The detail is written for
 * the caller and must never carry internals or a token.
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final String detail;
    private final Map<String, Object> extensions;

    public ProblemException(HttpStatus status, String type, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.detail = detail;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", detail, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", detail, null);
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", detail, Map.of("field", field));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", detail, null);
    }

    public static ProblemException forbidden(String type, String detail, Map<String, Object> extensions) {
        return new ProblemException(HttpStatus.FORBIDDEN, type, detail, extensions);
    }

    public HttpStatus status() {
        return status;
    }

    /** Short slug; rendered as the problem's type URI. */
    public String type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> extensions() {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        return copy;
    }
}
