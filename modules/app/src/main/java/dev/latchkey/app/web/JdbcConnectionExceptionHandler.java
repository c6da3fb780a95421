package dev.latchkey.app.web;

import dev.latchkey.app.observability.DomainMetrics;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * No connection could be had for a request's transaction (the database is gone, or the pool still
 * holds connections that broke with it): the database is unavailable, 503 with Retry-After like
 * {@link ConnectionExceptionHandler}, not a 500. Micronaut Data throws this one outside its
 * {@code DataAccessException} and {@code ConnectionException} families, so it needs its own handler.
 */
@Produces
@Singleton
@Requires(classes = {CannotGetJdbcConnectionException.class, ExceptionHandler.class})
public class JdbcConnectionExceptionHandler implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<?>> {
    private final DomainMetrics metrics;

    JdbcConnectionExceptionHandler(DomainMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, CannotGetJdbcConnectionException e) {
        return DataAccessExceptionHandler.unavailable(e, metrics);
    }
}
