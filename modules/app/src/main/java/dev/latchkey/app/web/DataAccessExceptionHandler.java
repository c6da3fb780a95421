package dev.latchkey.app.web;

import dev.latchkey.app.observability.DomainMetrics;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * A unique index that a racing request hit first is a 409, like the checked duplicate; a database
 * that cannot be reached is a 503 (and the request is refused, never let through).
 */
@Produces
@Singleton
@Requires(classes = {DataAccessException.class, ExceptionHandler.class})
public class DataAccessExceptionHandler implements ExceptionHandler<DataAccessException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(DataAccessExceptionHandler.class);

    private final DomainMetrics metrics;

    DataAccessExceptionHandler(DomainMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException
                    || t.getClass().getSimpleName().contains("IntegrityConstraint")
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23"))) {
                return Problems.response(HttpStatus.CONFLICT, "conflict", "the request conflicts with an existing record", Map.of());
            }
            if (t instanceof SQLTransientConnectionException) {
                return unavailable(t, metrics);
            }
        }
        // the path is client text (it may hold a token pasted in the wrong place): redacted like any other
        LOG.error("database error on {} {}", request.getMethod(), TokenRedaction.redactThenCut(request.getPath(), 200), e);
        return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the server could not complete the request; the failure has been logged", Map.of());
    }

    /** The database could not be reached: refused, with when to try again. */
    static HttpResponse<?> unavailable(Throwable cause, DomainMetrics metrics) {
        metrics.databaseUnavailable(DomainMetrics.Where.REQUEST);
        LOG.warn("database unavailable: {}", cause.getMessage());
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "the database is unavailable; try again shortly", Map.of())
                .header(HttpHeaders.RETRY_AFTER, "5");
    }
}
