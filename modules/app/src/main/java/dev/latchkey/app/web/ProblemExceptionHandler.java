package dev.latchkey.app.web;

import dev.latchkey.directory.common.ProblemException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Domain refusals become problem+json with their own status, type and extensions. */
@Produces
@Singleton
@Requires(classes = {ProblemException.class, ExceptionHandler.class})
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ProblemException e) {
        return Problems.response(e.status(), e.type(), e.detail(), e.extensions());
    }
}
