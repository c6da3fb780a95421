package dev.latchkey.app.tokens;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade to {@code issued_at} on personal and service tokens (and every later changeset, such
 * as a workspace token's {@code self_rotate}), proved on a database that starts on the old schema
 * with tokens in it: every changeset before the new ones, then rows, then the rest of the master
 * changelog, as a node of the new version does at start.
 */
class IssuedAtUpgradeTest {
    private static final String MASTER = "db/liquibase-changelog.yaml";

    @Test
    void existingPersonalAndServiceTokensGetTheirCreationTimeAsIssueTime() throws Exception {
        String url = "jdbc:h2:mem:upgrade-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            Liquibase liquibase = liquibase(c);
            List<ChangeSet> all = liquibase.getDatabaseChangeLog().getChangeSets();
            int old = 0;
            while (!all.get(old).getId().endsWith("-002-issued-at")) {
                old++;
            }
            liquibase.update(old, new Contexts(), new LabelExpression());

            String user = UUID.randomUUID().toString();
            String workspace = UUID.randomUUID().toString();
            String bot = UUID.randomUUID().toString();
            String pat = UUID.randomUUID().toString();
            String service = UUID.randomUUID().toString();
            String api = UUID.randomUUID().toString();
            Timestamp created = Timestamp.valueOf("2026-01-02 03:04:05");
            Timestamp updated = Timestamp.valueOf("2026-02-01 00:00:00");
            try (Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT issued_at FROM personal_tokens"),
                        "the database starts on the old schema");
                s.executeUpdate("INSERT INTO workspaces (id, slug, name, created_at, updated_at) VALUES ('" + workspace
                        + "', 'acme', 'Acme', '" + created + "', '" + created + "')");
                s.executeUpdate("INSERT INTO users (id, email, first_name, last_name, kind, status, password_hash,"
                        + " workspace_id, created_at, updated_at) VALUES ('" + user + "', 'ann@example.com', 'Ann', 'Lee',"
                        + " 'HUMAN', 'ACTIVE', 'x', NULL, '" + created + "', '" + created + "'), ('" + bot
                        + "', 'bot@service.acme.latchkey.invalid', 'Deploy', 'Bot', 'SERVICE', 'ACTIVE', NULL, '"
                        + workspace + "', '" + created + "', '" + created + "')");
                s.executeUpdate("INSERT INTO personal_tokens (id, user_id, name, token_hash, hint, scopes, created_at,"
                        + " updated_at, expires_at) VALUES ('" + pat + "', '" + user + "', 'ci', '" + "a".repeat(64)
                        + "', 'abcd', 'projects:read', '" + created + "', '" + updated + "', '2026-01-09 03:04:05')");
                s.executeUpdate("INSERT INTO service_tokens (id, workspace_id, service_user_id, name, token_hash, hint,"
                        + " permissions, all_projects, created_at, updated_at) VALUES ('" + service + "', '" + workspace
                        + "', '" + bot + "', 'deploy', '" + "b".repeat(64) + "', 'efgh', 'releases:deploy', TRUE, '"
                        + created + "', '" + updated + "')");
                s.executeUpdate("INSERT INTO workspace_tokens (id, workspace_id, name, token_hash, hint, all_projects_role,"
                        + " issued_at, created_at, updated_at) VALUES ('" + api + "', '" + workspace + "', 'bitrise', '"
                        + "d".repeat(64) + "', 'mnop', 'DEVELOPER', '" + created + "', '" + created + "', '" + updated + "')");
            }

            // a node of the new version starts: a fresh Liquibase on the same database
            Liquibase upgrade = liquibase(c);
            upgrade.update(new Contexts(), new LabelExpression());

            try (Statement s = c.createStatement()) {
                assertEquals(created, issuedAt(s, "personal_tokens", pat));
                assertEquals(created, issuedAt(s, "service_tokens", service));
                try (ResultSet r = s.executeQuery("SELECT self_rotate, all_projects_role FROM workspace_tokens WHERE id = '"
                        + api + "'")) {
                    assertTrue(r.next());
                    assertEquals(false, r.getBoolean(1), "an existing workspace token does not gain self-rotate");
                    assertEquals("DEVELOPER", r.getString(2));
                }
                assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO personal_tokens (id, user_id, name,"
                        + " token_hash, hint, scopes, created_at, updated_at) VALUES ('" + UUID.randomUUID() + "', '"
                        + user + "', 'x', '" + "c".repeat(64) + "', 'ijkl', 'projects:read', '" + created + "', '"
                        + created + "')"), "issued_at is required from now on");
            }
            assertTrue(upgrade.listUnrunChangeSets(new Contexts(), new LabelExpression()).isEmpty());
        }
    }

    private static Liquibase liquibase(Connection c) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        return new Liquibase(MASTER, new ClassLoaderResourceAccessor(), database);
    }

    private static Timestamp issuedAt(Statement s, String table, String id) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT issued_at FROM " + table + " WHERE id = '" + id + "'")) {
            assertTrue(r.next());
            return r.getTimestamp(1);
        }
    }
}
