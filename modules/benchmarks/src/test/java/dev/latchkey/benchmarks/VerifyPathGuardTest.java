package dev.latchkey.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails when the cached verify path's own work (parse, checksum, peppered hash, cache hit, user
 * status, rights, policy, engine check: the JMH benchmark {@link CachedResolveBenchmark#resolveAndCheck})
 * costs more than 20 % above its recorded baseline.
 *
 * <p>The machine is shared (load averages of 20-30 on 2 cores), so nothing here compares with a
 * number written down on another day, and nothing reads the wall clock: under that load JMH's
 * wall-clock scores swing tenfold and the JIT itself is starved. The guard drives the two JMH
 * benchmark methods itself and measures the <em>CPU time of its own thread</em>
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}), in alternating batches of the verify path and of
 * a yardstick with no Latchkey code ({@link ReferenceWorkloadBenchmark#reference}: the JDK's CRC32,
 * HMAC-SHA-256, hex and a hash-map hit), after a warm-up measured in CPU time too. Each keeps its
 * cheapest batch (other work on the cores only ever adds cost: cache misses, migrations), and the
 * guard compares their ratio with the baseline ratio in {@code verify-path-baseline.properties}.
 * The measured ratio is printed, so a deliberate change of the path's cost updates the file in the
 * same commit.
 */
class VerifyPathGuardTest {
    private static final double ALLOWED = 1.20;
    private static final long WARM_UP_CPU_NANOS = 3_000_000_000L;
    private static final long BATCH_CPU_NANOS = 20_000_000L;
    private static final int BATCHES = 40;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static int sink;

    @Test
    void theCachedVerifyPathCostsAtMostTwentyPercentMoreThanItsBaselineRelativeToTheReference() throws Exception {
        double baseline = baseline();
        double best = Double.MAX_VALUE;
        // On this shared 2-core machine a JVM now and then runs the whole measurement several times
        // slower (path and reference alike, seen 2026-12-02: ratio 9 in one run, 3.1 in the next of
        // the same code); a regression fails every attempt, that noise does not
        for (int attempt = 1; attempt <= ATTEMPTS && best > baseline * ALLOWED; attempt++) {
            best = Math.min(best, measuredRatio(baseline, attempt));
        }
        double ratio = best;
        assertTrue(ratio <= baseline * ALLOWED, String.format(
                "the cached verify path costs %.3f times the reference workload; its baseline is %.3f, at most %.3f is allowed (+20 %%)",
                ratio, baseline, baseline * ALLOWED));
    }

    private static final int ATTEMPTS = 3;

    /** One measurement with fresh instances: the cheapest batches of the path over the cheapest of the reference. */
    private static double measuredRatio(double baseline, int attempt) throws Exception {
        CachedResolveBenchmark verify = new CachedResolveBenchmark();
        verify.setUp();
        ReferenceWorkloadBenchmark reference = new ReferenceWorkloadBenchmark();
        reference.setUp();
        Supplier<Object> path = verify::resolveAndCheck;
        Supplier<Object> yardstick = reference::reference;

        long warmUpEnd = cpu() + WARM_UP_CPU_NANOS;
        while (cpu() < warmUpEnd) {
            nanosPerOp(path);
            nanosPerOp(yardstick);
        }
        double cheapestPath = Double.MAX_VALUE;
        double cheapestReference = Double.MAX_VALUE;
        for (int batch = 0; batch < BATCHES; batch++) {
            cheapestPath = Math.min(cheapestPath, nanosPerOp(path));
            cheapestReference = Math.min(cheapestReference, nanosPerOp(yardstick));
        }
        double ratio = cheapestPath / cheapestReference;
        System.out.printf("verify guard, attempt %d: path %.0f ns CPU, reference %.0f ns CPU, ratio %.3f, baseline %.3f, limit %.3f (sink %d)%n",
                attempt, cheapestPath, cheapestReference, ratio, baseline, baseline * ALLOWED, sink);
        return ratio;
    }

    /** CPU nanoseconds of this thread per call, over one batch of about {@link #BATCH_CPU_NANOS}. */
    private static double nanosPerOp(Supplier<Object> op) {
        long start = cpu();
        long calls = 0;
        long elapsed;
        do {
            for (int i = 0; i < 200; i++) {
                if (op.get() == null) {
                    sink++;
                }
            }
            calls += 200;
            elapsed = cpu() - start;
        } while (elapsed < BATCH_CPU_NANOS);
        return (double) elapsed / calls;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double baseline() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VerifyPathGuardTest.class.getResourceAsStream("/verify-path-baseline.properties")) {
            properties.load(in);
        }
        return Double.parseDouble(properties.getProperty("ratio"));
    }
}
