package dev.latchkey.app.config;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The circuit in front of the pool, on a pool stand-in: what opens it (the database unreachable)
 * and what does not (a pool that is only busy), that an open circuit refuses without asking the
 * pool, and that one trial after {@link DatabaseCircuit#OPEN_FOR} closes it again.
 * (FailClosedTest shows the same through HTTP with a real database cut off.)
 */
class DatabaseCircuitTest {
    private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
            DatabaseCircuitTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);

    /** Hands out the queued outcomes in order: an exception to throw, or a connection. */
    private static final class PoolStandIn implements DataSource {
        final Deque<Object> outcomes = new ArrayDeque<>();
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLException {
            asked.incrementAndGet();
            Object next = outcomes.isEmpty() ? CONNECTION : outcomes.pop();
            if (next instanceof SQLException e) {
                throw e;
            }
            return (Connection) next;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private static DataSource guarded(PoolStandIn pool) {
        return new DatabaseCircuit().wrap("default", pool);
    }

    private static SQLTransientConnectionException poolTimeout(Throwable lastConnectionFailure) {
        return new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 1500ms.",
                null, lastConnectionFailure);
    }

    @Test
    void anUnreachableDatabaseOpensTheCircuitWhichRefusesWithoutAskingThePoolThenOneTrialClosesIt() throws Exception {
        PoolStandIn pool = new PoolStandIn();
        DataSource ds = guarded(pool);
        assertSame(CONNECTION, ds.getConnection());
        pool.outcomes.add(poolTimeout(new SQLNonTransientConnectionException("Connection refused", "08001", new ConnectException())));
        assertThrows(SQLTransientConnectionException.class, ds::getConnection);
        assertEquals(2, pool.asked.get());

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            SQLException refused = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            assertTrue(refused.getMessage().contains("circuit is open"), refused.getMessage());
        }
        assertTrue(System.nanoTime() - start < 500_000_000L, "refusals are immediate");
        assertEquals(2, pool.asked.get(), "the pool is not asked while the circuit is open");

        Thread.sleep(DatabaseCircuit.OPEN_FOR.toMillis() + 100);
        assertSame(CONNECTION, ds.getConnection(), "one trial after the open interval, and it succeeds");
        assertSame(CONNECTION, ds.getConnection(), "closed again: served without help");
        assertEquals(4, pool.asked.get());
    }

    @Test
    void aFailedTrialKeepsItOpen() throws Exception {
        PoolStandIn pool = new PoolStandIn();
        DataSource ds = guarded(pool);
        pool.outcomes.add(new SQLNonTransientConnectionException("Connection refused", "08001"));
        assertThrows(SQLException.class, ds::getConnection);
        Thread.sleep(DatabaseCircuit.OPEN_FOR.toMillis() + 100);
        pool.outcomes.add(new SQLException("Communications link failure", "08S01"));
        assertThrows(SQLException.class, ds::getConnection);
        int asked = pool.asked.get();
        assertThrows(SQLTransientConnectionException.class, ds::getConnection);
        assertEquals(asked, pool.asked.get(), "open again after the failed trial");
    }

    @Test
    void aBusyPoolOrAnotherErrorDoesNotOpenIt() throws Exception {
        PoolStandIn pool = new PoolStandIn();
        DataSource ds = guarded(pool);
        pool.outcomes.add(poolTimeout(null)); // every connection in use, none failing
        pool.outcomes.add(new SQLException("Access denied for user", "28000"));
        assertThrows(SQLTransientConnectionException.class, ds::getConnection);
        assertThrows(SQLException.class, ds::getConnection);
        assertSame(CONNECTION, ds.getConnection());
        assertEquals(3, pool.asked.get());
        assertFalse(DatabaseCircuit.unreachable(poolTimeout(null)));
        assertTrue(DatabaseCircuit.unreachable(poolTimeout(new ConnectException("Connection refused"))));
    }

    @Test
    void theWrapperUnwrapsToThePool() throws Exception {
        PoolStandIn pool = new PoolStandIn();
        DataSource ds = guarded(pool);
        assertTrue(ds.isWrapperFor(DatabaseCircuit.Guarded.class));
        assertThrows(SQLException.class, () -> ds.unwrap(String.class), "anything else is the pool's to answer");
    }
}
