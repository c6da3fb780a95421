package dev.latchkey.app.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The circuit in front of the connection pool: once taking a connection has failed because the
 * database cannot be reached, every further request for a connection is refused at once (an
 * {@link SQLTransientConnectionException}, which the app answers with 503 + Retry-After) instead of
 * queueing for the pool's connection timeout again; a request that needs several queries therefore
 * waits at most one timeout, and parallel requests no longer pile up behind each other.
 * After {@link #OPEN_FOR} one trial connection is let through (in practice the invalidation
 * journal's next poll, so no user request has to be the probe); when it succeeds the circuit closes
 * and the node serves again without help.
 *
 * <p>Every datasource bean is wrapped here, before Micronaut Data wraps it for its contextual
 * connections, so all data access (repositories, transactions, the health check, the journal)
 * takes its connections through the circuit. Only "the database is unreachable" opens it: a
 * failed connection attempt (Hikari's timeout carrying the last connection failure, a
 * non-transient connection error, SQL state class 08); a pool that is merely busy under load
 * (a timeout with no connection failure behind it) does not. The state machine is resilience4j's.
 */
@Singleton
class DatabaseCircuit implements BeanCreatedEventListener<DataSource>, Ordered {
    /** How long connections are refused outright before one trial is let through. */
    static final Duration OPEN_FOR = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCircuit.class);

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        return wrap(event.getBeanIdentifier().getName(), event.getBean());
    }

    /** The pool behind a new circuit of its own. */
    Guarded wrap(String name, DataSource pool) {
        CircuitBreaker circuit = CircuitBreaker.of("database-" + name, CircuitBreakerConfig.custom()
                // the outcome of the last connection attempt decides: one "unreachable" opens it
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_FOR)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(DatabaseCircuit::unreachable)
                .build());
        circuit.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> LOG.warn("database unreachable: connections are refused at once for {} ms at a time until it answers again",
                        OPEN_FOR.toMillis());
                case CLOSED -> LOG.info("database reachable again: connections are served");
                default -> LOG.debug("database circuit: {}", e.getStateTransition());
            }
        });
        return new Guarded(pool, circuit);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before Micronaut Data's contextual proxy, so that proxy sits outside the circuit
    }

    /** Whether a failure to take a connection means the database cannot be reached. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() != null) {
                return true; // the pool timed out while its connection attempts were failing
            }
            if (t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** The pool behind the circuit; everything but taking a connection is the pool's. */
    static final class Guarded implements DataSource {
        private final DataSource pool;
        private final CircuitBreaker circuit;

        Guarded(DataSource pool, CircuitBreaker circuit) {
            this.pool = pool;
            this.circuit = circuit;
        }

        CircuitBreaker circuit() {
            return circuit;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return guarded(pool::getConnection);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return guarded(() -> pool.getConnection(username, password));
        }

        private interface Take {
            Connection connection() throws SQLException;
        }

        private Connection guarded(Take take) throws SQLException {
            if (!circuit.tryAcquirePermission()) {
                throw new SQLTransientConnectionException("the database is unreachable (refused without waiting while the circuit is open)", "08001");
            }
            long start = System.nanoTime();
            try {
                Connection connection = take.connection();
                circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return connection;
            } catch (SQLException | RuntimeException e) {
                circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e); // counted only if unreachable(e)
                throw e;
            } catch (Error e) {
                circuit.releasePermission();
                throw e;
            }
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }
    }
}
