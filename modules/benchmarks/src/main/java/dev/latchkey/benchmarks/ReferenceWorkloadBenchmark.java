package dev.latchkey.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A yardstick with no Latchkey code in it: the JDK work a cached token check is made of (a CRC32
 * over the token, an HMAC-SHA-256 with a pepper, a hex string, a hash-map hit). The verify guard
 * ({@code VerifyPathGuardTest}) divides the cached verify path's time by this one's, measured in
 * the same run, so the ratio follows Latchkey's own work and not how fast or busy the machine is.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReferenceWorkloadBenchmark {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /**
     * A token-shaped string drawn at set-up (no token-like literal in the source), as long as the
     * one the guard's baseline in verify-path-baseline.properties was recorded with.
     */
    private String token;
    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
    private Mac mac;
    private long checksums;

    @Setup
    public void setUp() throws GeneralSecurityException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder drawn = new StringBuilder("lk").append("p_");
        for (int i = 0; i < 53; i++) {
            drawn.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        token = drawn.toString();
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a benchmark pepper that is long enough to use".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (int i = 0; i < 1000; i++) {
            map.put(hash(token + i), "row " + i);
        }
        map.put(hash(token), "row");
    }

    @Benchmark
    public String reference() {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 6);
        checksums ^= crc.getValue(); // a field write: the checksum cannot be optimized away
        return map.get(hash(token));
    }

    private String hash(String value) {
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
