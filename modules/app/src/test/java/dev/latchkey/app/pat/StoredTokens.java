package dev.latchkey.app.pat;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the token tables hold, read past the application: a token's row keeps its hash, never the token. */
public final class StoredTokens {
    private StoredTokens() {
    }

    /** The pool itself: the injected DataSource only lends the connection of a surrounding transaction. */
    public static DataSource raw(DataSource dataSource) {
        return DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** No column of the row {@code id} of {@code table} holds any part of {@code token}; the hash is 64 hex chars. */
    public static void assertOnlyTheHashIsStored(DataSource dataSource, String table, String id, String token)
            throws Exception {
        try (Connection c = raw(dataSource).getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    assertTrue(value == null || !value.contains(token.substring(4, 30)),
                            "column " + meta.getColumnName(i) + " holds the token");
                }
                assertEquals(64, rs.getString("token_hash").length());
            }
        }
    }
}
