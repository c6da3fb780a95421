package dev.latchkey.app.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A connection that broke under a request (the database went away, or the pool is closing at
 * shutdown) is the database being unavailable: 503 with Retry-After, like a pool timeout, not a 500.
 */
@Produces
@Singleton
@Requires(classes = {ConnectionException.class, ExceptionHandler.class})
public class ConnectionExceptionHandler implements ExceptionHandler<ConnectionException, HttpResponse<?>> {
    private final dev.latchkey.app.observability.DomainMetrics metrics;

    ConnectionExceptionHandler(dev.latchkey.app.observability.DomainMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConnectionException e) {
        return DataAccessExceptionHandler.unavailable(e, metrics);
    }
}
