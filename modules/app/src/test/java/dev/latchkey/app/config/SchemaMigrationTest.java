package dev.latchkey.app.config;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.jdbc.DataSourceResolver;
import liquibase.Liquibase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up skips Liquibase only when this database last applied exactly this changelog (issue #18):
 * the first start migrates, a restart on the same database does not (and its schema works), and a
 * database last migrated by another changelog makes the next start run Liquibase again.
 */
class SchemaMigrationTest {

    @Test
    void aRestartOnAnAppliedChangelogSkipsLiquibaseAndAnyChangeRunsItAgain() throws SQLException {
        Map<String, Object> props = new HashMap<>(TestDatabase.properties());
        // a database of this test's own, so the first start is a real first start
        props.put("datasources.default.url", "jdbc:h2:mem:schema-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
        props.put("datasources.default.username", "sa");
        props.put("datasources.default.password", "");

        try (ApplicationContext first = ApplicationContext.run(props)) {
            assertTrue(ranLiquibase(first), "an empty database is migrated");
            assertEquals(1, query(first, "SELECT COUNT(*) FROM latchkey_schema_check"));
        }
        long changesets;
        try (ApplicationContext restart = ApplicationContext.run(props)) {
            assertFalse(ranLiquibase(restart), "the same changelog, already applied: Liquibase is not run");
            changesets = query(restart, "SELECT COUNT(*) FROM DATABASECHANGELOG");
            assertTrue(changesets > 20, "the schema is there: " + changesets);
            assertEquals(0, query(restart, "SELECT COUNT(*) FROM personal_tokens"), "and usable");
            // what a build with another changelog leaves behind
            update(restart, "UPDATE latchkey_schema_check SET fingerprint = '" + "0".repeat(64) + "'");
        }
        try (ApplicationContext afterChange = ApplicationContext.run(props)) {
            assertTrue(ranLiquibase(afterChange), "another changelog applied last: Liquibase decides again");
            assertEquals(changesets, query(afterChange, "SELECT COUNT(*) FROM DATABASECHANGELOG"), "with nothing to add");
            assertEquals(1, query(afterChange, "SELECT COUNT(*) FROM latchkey_schema_check WHERE fingerprint <> '"
                    + "0".repeat(64) + "'"), "and this changelog's fingerprint is recorded");
        }
        try (ApplicationContext again = ApplicationContext.run(props)) {
            assertFalse(ranLiquibase(again));
        }
    }

    /** Micronaut's migrator registers the Liquibase instance it ran with. */
    private static boolean ranLiquibase(ApplicationContext context) {
        context.getBean(DataSource.class);
        return context.findBean(Liquibase.class, Qualifiers.byName("default")).isPresent();
    }

    /** The pool itself, not Micronaut Data's contextual connection (which wants a surrounding transaction). */
    private static Connection connection(ApplicationContext context) throws SQLException {
        return context.findBean(DataSourceResolver.class).orElse(DataSourceResolver.DEFAULT)
                .resolve(context.getBean(DataSource.class)).getConnection();
    }

    private static long query(ApplicationContext context, String sql) throws SQLException {
        try (Connection c = connection(context); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void update(ApplicationContext context, String sql) throws SQLException {
        try (Connection c = connection(context); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
