package dev.latchkey.benchmarks;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.pat.application.PersonalTokenResolver;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenResolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The whole guard for a token already in the per-node cache: parse and checksum, peppered hash,
 * cache hit, revocation/expiry/IP checks, the user's (cached) rights, and the engine's check. The
 * repositories are in-memory stand-ins ({@link ResolverFixture}): any database access here would
 * show up as a miss.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CachedResolveBenchmark {
    private PersonalTokenResolver resolver;
    private String token;
    private RequestContext context;
    private Resource.Project project;
    private final AuthorizationEngine engine = new AuthorizationEngine();

    @Setup
    public void setUp() {
        ResolverFixture fixture = new ResolverFixture();
        resolver = fixture.resolver;
        token = fixture.newToken(fixture.newUser());
        context = new RequestContext("127.0.0.1", Instant.now());
        project = new Resource.Project(fixture.workspace, fixture.project);
        if (!(resolver.resolve(TokenFormat.parse(token), context) instanceof TokenResolution.Accepted)) {
            throw new IllegalStateException("the benchmark token must be accepted");
        }
    }

    @Benchmark
    public TokenResolution resolveCachedToken() {
        return resolver.resolve(TokenFormat.parse(token), context);
    }

    @Benchmark
    public Decision resolveAndCheck() {
        TokenResolution.Accepted accepted = (TokenResolution.Accepted) resolver.resolve(TokenFormat.parse(token), context);
        return engine.check(new CheckRequest(accepted.principal(), Permission.PIPELINES_RUN, project));
    }
}
