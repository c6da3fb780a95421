package dev.latchkey.app.config;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells the pool that a connection whose database went away is dead, so the next request gets a
 * fresh one once the database is back. Hikari recognises MySQL's dead-connection states (08xxx)
 * by itself, but not H2's "connection broken" and "database is already closed" errors: without
 * this, a connection in steady use (the invalidation journal borrows one every 100 ms) is never
 * re-validated and keeps failing after the database has returned. Configured as
 * {@code datasources.default.exception-override-class-name}.
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {
    /** H2's CONNECTION_BROKEN_1 and DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_DATABASE_CLOSED = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        int code = e.getErrorCode();
        return code == H2_CONNECTION_BROKEN || code == H2_DATABASE_CLOSED ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
