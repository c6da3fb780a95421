package dev.latchkey.app.web;

import dev.latchkey.pat.web.SeedErrors;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders every error Micronaut produces itself (routing, binding, validation, decoding, the
 * unexpected) as problem+json. Client errors say what was wrong; a 5xx never says anything about
 * the internals.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public @NonNull MutableHttpResponse<Map<String, Object>> processResponse(@NonNull ErrorContext context,
                                                                             @NonNull MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        MutableHttpResponse<Map<String, Object>> typed = (MutableHttpResponse<Map<String, Object>>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return typed;
        }
        String detail = status.getCode() >= 500
                ? "the server could not complete the request; the failure has been logged"
                : detailOf(context, status);
        Map<String, Object> field = fieldOf(context, status);
        if (SeedErrors.covers(context.getRequest().getPath())) {
            String message = field == null ? detail : field.get("field") + ": " + detail;
            return typed.contentType(SeedErrors.CONTENT_TYPE).body(SeedErrors.body(status.getCode(),
                    cause(context) ? "body: " + detail : message));
        }
        return typed.contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(status, Problems.typeFor(status), detail, field));
    }

    /** Whether the body could not be read at all (the field is then the body itself). */
    private static boolean cause(ErrorContext context) {
        Throwable cause = context.getRootCause().orElse(null);
        return cause instanceof SerdeException || cause instanceof JsonSyntaxException
                || (cause != null && cause.getClass().getName().startsWith("com.fasterxml.jackson"));
    }

    /** A validation failure names its field like a service's refusal does: the first, in the order of the detail. */
    private static Map<String, Object> fieldOf(ErrorContext context, HttpStatus status) {
        if (status.getCode() >= 500 || !(context.getRootCause().orElse(null) instanceof ConstraintViolationException violations)) {
            return null;
        }
        return violations.getConstraintViolations().stream().map(ProblemErrorResponseProcessor::field).sorted()
                .findFirst().<Map<String, Object>>map(f -> Map.of("field", f)).orElse(null);
    }

    private static String detailOf(ErrorContext context, HttpStatus status) {
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ConstraintViolationException violations) {
            return violations.getConstraintViolations().stream()
                    .map(ProblemErrorResponseProcessor::describe)
                    .sorted()
                    .collect(Collectors.joining("; "));
        }
        if (cause instanceof SerdeException || cause instanceof ConversionErrorException
                || cause instanceof JsonSyntaxException
                || (cause != null && cause.getClass().getName().startsWith("com.fasterxml.jackson"))) {
            return unreadableBody(context.getRequest());
        }
        List<Error> errors = context.getErrors();
        if (errors.isEmpty()) {
            return status.getReason();
        }
        String message = errors.get(0).getMessage();
        // Micronaut's own 4xx messages are safe, but decoding messages can name Java types: keep them out.
        if (message == null || message.contains("dev.latchkey") || message.contains("java.")
                || message.startsWith("Invalid JSON")) {
            return status.getReason();
        }
        return message;
    }

    /** Why a body could not be read, in the terms of the body the client sent (a form or JSON). */
    static String unreadableBody(io.micronaut.http.HttpRequest<?> request) {
        boolean form = request.getContentType().map(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE::matches).orElse(false);
        return form ? "the request body is not a valid form for this endpoint (a bad percent-escape, a repeated field or a wrong value)"
                : "the request body is not valid JSON for this endpoint (malformed, a wrong type or an unknown value)";
    }

    private static String describe(ConstraintViolation<?> violation) {
        return path(violation) + ": " + violation.getMessage();
    }

    /** The JSON field of a violation: "scopes[0]<list element>" -> "scopes". */
    private static String field(ConstraintViolation<?> violation) {
        return path(violation).replaceAll("\\[[^]]*]|<[^>]*>", "");
    }

    // "create.body.name" -> "name": the method and argument names mean nothing to a client
    private static String path(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
