package dev.latchkey.app.web;

import dev.latchkey.tokens.core.InvalidTokenSettingsException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** Expiry and IP-restriction mistakes (token-core's messages are written for the caller) are 400s. */
@Produces
@Singleton
@Requires(classes = {InvalidTokenSettingsException.class, ExceptionHandler.class})
public class TokenSettingsExceptionHandler implements ExceptionHandler<InvalidTokenSettingsException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidTokenSettingsException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), Map.of());
    }
}
