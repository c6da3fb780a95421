package dev.latchkey.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cache-miss look-up alone: one token row by the hash of a token, through the unique index on
 * {@code token_hash}, in a table of {@code rows} tokens on MySQL/MariaDB (the same column types as
 * the personal_tokens changelog). Needs a database: {@code -p jdbcUrl=jdbc:mysql://…}; the table is
 * created and seeded on first use (MariaDB's seq_1_to_N tables), and kept for later runs.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TokenLookupBenchmark {
    @Param({"jdbc:mysql://127.0.0.1:3306/latchkey_bench?user=root&password=&createDatabaseIfNotExist=true"})
    public String jdbcUrl;

    @Param({"1000000"})
    public int rows;

    private Connection connection;
    private PreparedStatement lookUp;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_tokens (id CHAR(36) NOT NULL PRIMARY KEY, user_id CHAR(36) NOT NULL,"
                    + " name VARCHAR(100) NOT NULL, token_hash CHAR(64) NOT NULL, hint VARCHAR(8) NOT NULL,"
                    + " scopes VARCHAR(2000) NOT NULL, expires_at DATETIME, revoked_at DATETIME,"
                    + " ip_restrictions TEXT, UNIQUE KEY uq_bench_tokens_hash (token_hash))");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bench_tokens")) {
                rs.next();
                if (rs.getLong(1) < rows) {
                    s.execute("TRUNCATE TABLE bench_tokens");
                    s.execute("INSERT INTO bench_tokens (id, user_id, name, token_hash, hint, scopes)"
                            + " SELECT UUID(), UUID(), CONCAT('t', seq), SHA2(CONCAT('bench-', seq), 256), 'hint',"
                            + " 'projects:read' FROM seq_1_to_" + rows);
                }
            }
        }
        lookUp = connection.prepareStatement("SELECT * FROM bench_tokens WHERE token_hash = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    @Benchmark
    public boolean lookUpAKnownToken() throws SQLException {
        int n = 1 + ThreadLocalRandom.current().nextInt(rows);
        lookUp.setString(1, sha256Hex("bench-" + n));
        try (ResultSet rs = lookUp.executeQuery()) {
            return rs.next();
        }
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
