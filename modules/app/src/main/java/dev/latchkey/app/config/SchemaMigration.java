package dev.latchkey.app.config;

import dev.latchkey.app.Application;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.naming.NameResolver;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.liquibase.LiquibaseConfigurationProperties;
import io.micronaut.liquibase.LiquibaseMigrator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liquibase at start, but only when the changelog may have something to do (issue #18, start-up).
 * Liquibase itself answers "nothing to do" only after loading its services, parsing every changelog
 * file and reading {@code DATABASECHANGELOG}: about a third of a start-up's CPU. Here, a start reads
 * the changelog's files as bytes, hashes them (the fingerprint), and compares that with the
 * fingerprint this class wrote after the last successful migration of this database, together with
 * the count of applied changesets at that time. Both equal: the same changelog was applied, nothing is
 * run and no Liquibase class is loaded. Anything else (a new or edited file, a changeset row added or
 * removed by hand, the table missing, any error reading it): Liquibase runs as before, with its own
 * lock and checks, and the new fingerprint is written after it succeeds.
 *
 * <p>Micronaut's own runner is switched off ({@code liquibase.datasources.*.enabled: false}); this
 * listener runs Liquibase the same way ({@link LiquibaseMigrator}, the same configuration) when the
 * data source is created, before any bean can use it.
 */
@Singleton
public class SchemaMigration implements BeanCreatedEventListener<DataSource> {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    private static final Pattern INCLUDE = Pattern.compile("^\\s*-?\\s*file:\\s*(\\S+)\\s*$", Pattern.MULTILINE);
    static final String TABLE = "latchkey_schema_check";

    private final ApplicationContext context;
    private final BeanProvider<LiquibaseMigrator> migrator;

    public SchemaMigration(ApplicationContext context, BeanProvider<LiquibaseMigrator> migrator) {
        this.context = context;
        this.migrator = migrator;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        if (event.getBeanDefinition() instanceof NameResolver named) {
            named.resolveName()
                    .flatMap(name -> context.findBean(LiquibaseConfigurationProperties.class, Qualifiers.byName(name)))
                    .filter(config -> config.getChangeLog() != null)
                    .ifPresent(config -> migrate(config, context.findBean(DataSourceResolver.class)
                            .orElse(DataSourceResolver.DEFAULT).resolve(dataSource)));
        }
        return dataSource;
    }

    private void migrate(LiquibaseConfigurationProperties config, DataSource dataSource) {
        String fingerprint = fingerprint(config);
        String changelogTable = config.getDatabaseChangeLogTable() == null ? "DATABASECHANGELOG" : config.getDatabaseChangeLogTable();
        if (applied(dataSource, fingerprint, changelogTable)) {
            LOG.info("Schema up to date (changelog fingerprint {} applied): Liquibase not run", fingerprint.substring(0, 12));
            return;
        }
        Application.routeLiquibaseOutputToLogback();
        migrator.get().run(config, dataSource);
        record(dataSource, fingerprint, changelogTable);
    }

    /** Whether this database last applied exactly this changelog and no changeset row changed since. */
    static boolean applied(DataSource dataSource, String fingerprint, String changelogTable) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Optional<Long> changesets = count(s, changelogTable);
            int rows = 0;
            try (ResultSet r = s.executeQuery("SELECT fingerprint, changesets FROM " + TABLE)) {
                while (r.next()) {
                    rows++;
                    if (!fingerprint.equals(r.getString(1)) || changesets.isEmpty() || r.getLong(2) != changesets.get()) {
                        return false;
                    }
                }
            }
            return rows > 0;
        } catch (SQLException e) {
            // a new database (no such table yet) or one we cannot read: Liquibase decides
            LOG.debug("no schema fingerprint to compare with: {}", e.getMessage());
            return false;
        }
    }

    private static Optional<Long> count(Statement s, String changelogTable) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + changelogTable)) {
            return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
        }
    }

    /** After a successful migration; a failure here only means the next start runs Liquibase again. */
    static void record(DataSource dataSource, String fingerprint, String changelogTable) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            long changesets = count(s, changelogTable).orElse(-1L);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (fingerprint, changesets) VALUES (?, ?)")) {
                s.executeUpdate("DELETE FROM " + TABLE);
                insert.setString(1, fingerprint);
                insert.setLong(2, changesets);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.warn("could not record the schema fingerprint (the next start runs Liquibase again): {}", e.getMessage());
        }
    }

    /**
     * SHA-256 over the master changelog and every file it includes (recursively, in order), each with
     * its name, plus the contexts and labels Liquibase is run with: what decides what Liquibase would do.
     */
    static String fingerprint(LiquibaseConfigurationProperties config) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("contexts=" + config.getContexts() + ";labels=" + config.getLabels() + ";")
                    .getBytes(StandardCharsets.UTF_8));
            add(digest, config.getChangeLog().replaceFirst("^classpath:", ""), 0);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(MessageDigest digest, String resource, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("changelog includes nested too deep at " + resource);
        }
        byte[] bytes = read(resource);
        digest.update((resource + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        Matcher include = INCLUDE.matcher(new String(bytes, StandardCharsets.UTF_8));
        while (include.find()) {
            add(digest, include.group(1), depth + 1);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = SchemaMigration.class.getClassLoader().getResourceAsStream(resource.replaceFirst("^/", ""))) {
            if (in == null) {
                throw new IllegalStateException("changelog file not found on the classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
