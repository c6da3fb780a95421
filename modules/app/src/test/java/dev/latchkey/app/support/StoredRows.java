package dev.latchkey.app.support;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row counts straight from the database, for "a refused request wrote nothing". */
public final class StoredRows {
    public static final List<String> TABLES = List.of("users", "workspaces", "projects", "memberships",
            "member_project_roles", "personal_tokens", "workspace_tokens", "service_tokens");

    private StoredRows() {
    }

    public static Map<String, Long> count(DataSource dataSource, List<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
