package dev.latchkey.benchmarks;

import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenHasher;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/** The two steps every presented token pays before any look-up: parsing with its checksum, and the peppered hash. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TokenFormatBenchmark {
    private String token;
    private ParsedToken parsed;
    private TokenHasher hasher;

    @Setup
    public void setUp() {
        token = new TokenSecrets(new SecureRandom()).generate(TokenKind.PERSONAL);
        parsed = TokenFormat.parse(token);
        hasher = new TokenHasher("a benchmark pepper that is long enough to use".getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public ParsedToken parseAndVerifyChecksum() {
        return TokenFormat.parse(token);
    }

    @Benchmark
    public byte[] hmacSha256() {
        return hasher.hash(parsed);
    }
}
