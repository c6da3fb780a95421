package dev.latchkey.benchmarks;

import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenResolution;
import org.openjdk.jol.info.GraphLayout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bytes of heap per cached token and per cached subject, measured with JOL: the object graph
 * reachable from the resolver and the caches beside it (user status, rights, workspace policy),
 * before and after {@code n} tokens were resolved once.
 *
 * <pre>java -cp modules/benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.CacheFootprint [n]</pre>
 *
 * Run A: n tokens of n different users (each token brings its subject into the caches). Run B:
 * n tokens of one user. B / n is a cached token; (A - B) / n is a cached subject. Both with two
 * IP restriction entries on every token, and B once more with none.
 */
public final class CacheFootprint {
    private static final String RESTRICTED = "10.0.0.0/8,127.0.0.1";
    private CacheFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long perTokenAndSubject = measure(n, true, RESTRICTED);
        long perToken = measure(n, false, RESTRICTED);
        long perUnrestrictedToken = measure(n, false, null);
        System.out.printf("tokens: %d%n", n);
        System.out.printf("bytes per cached token without IP restrictions: %d%n", perUnrestrictedToken);
        System.out.printf("bytes per cached token with two IP restriction entries (its user already cached): %d%n", perToken);
        System.out.printf("bytes per cached subject (user status + rights): %d%n", perTokenAndSubject - perToken);
        System.out.printf("bytes per cached token with its own subject: %d%n", perTokenAndSubject);
        System.out.printf("100,000 hot tokens of 100,000 users: %.1f MiB of cache%n", 100_000.0 * perTokenAndSubject / (1 << 20));
    }

    /** Bytes added per resolved token, each of a new user when {@code distinctUsers}. */
    static long measure(int n, boolean distinctUsers, String ipRestrictions) {
        ResolverFixture fixture = new ResolverFixture();
        RequestContext context = new RequestContext("127.0.0.1", Instant.now());
        UUID one = fixture.newUser();
        List<String> tokens = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            tokens.add(fixture.newToken(distinctUsers ? fixture.newUser() : one, ipRestrictions));
        }
        // the first token warms what every token shares (the workspace policy, the cache's structure)
        resolve(fixture, tokens.get(0), context);
        long before = size(fixture);
        for (int i = 1; i <= n; i++) {
            resolve(fixture, tokens.get(i), context);
        }
        long after = size(fixture);
        ResolverFixture.clearStore();
        return (after - before) / n;
    }

    private static void resolve(ResolverFixture fixture, String token, RequestContext context) {
        if (!(fixture.resolver.resolve(TokenFormat.parse(token), context) instanceof TokenResolution.Accepted)) {
            throw new IllegalStateException("a footprint token must be accepted");
        }
    }

    private static long size(ResolverFixture fixture) {
        fixture.resolver.toString(); // nothing lazy left
        return GraphLayout.parseInstance(fixture.resolver, fixture.rights, fixture.activeUsers, fixture.policies).totalSize();
    }
}
