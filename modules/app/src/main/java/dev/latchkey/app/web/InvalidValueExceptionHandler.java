package dev.latchkey.app.web;

import dev.latchkey.tokens.core.InvalidValueException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Values token-core refuses (names, notes, expiry, IP restrictions, permissions) are 400s; the
 * messages are written for the caller, and the field is named when the refusal knows it.
 */
@Produces
@Singleton
@Requires(classes = {InvalidValueException.class, ExceptionHandler.class})
public class InvalidValueExceptionHandler implements ExceptionHandler<InvalidValueException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidValueException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(),
                e.field() == null ? Map.of() : Map.of("field", e.field()));
    }
}
