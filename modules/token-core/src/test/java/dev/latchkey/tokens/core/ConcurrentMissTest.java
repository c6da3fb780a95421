package dev.latchkey.tokens.core;

import dev.latchkey.tokens.core.lifecycle.TokenRow;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache-miss path under concurrency, on the resolution every kind shares: requests that miss
 * on the same token at once share one look-up, and misses on different tokens do not wait for
 * each other's look-ups. The table answers after {@link #ROUND_TRIP}, like a database.
 */
class ConcurrentMissTest {
    private static final Duration ROUND_TRIP = Duration.ofMillis(300);
    private static final RequestContext CONTEXT = new RequestContext("192.0.2.1", Instant.EPOCH);

    private final TokenIssuer issuer = new TokenIssuer(new TokenSecrets(new SecureRandom()), new TokenHasher(new byte[32]));
    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private final AtomicInteger lookUps = new AtomicInteger();
    private final Resolver resolver = new Resolver();

    @Test
    void concurrentMissesOnOneTokenShareOneLookUp() throws Exception {
        ParsedToken token = store();
        List<TokenResolution> answers = all(List.of(token, token, token, token, token, token, token, token,
                token, token, token, token, token, token, token, token));
        assertEquals(1, lookUps.get(), "sixteen simultaneous misses on one token, one look-up");
        UUID id = rows.get(issuer.storageHash(token)).id();
        answers.forEach(a -> assertEquals(id, ((TokenResolution.Refused) a).tokenId(), "every caller got the stored token"));
    }

    @Test
    void missesOnDifferentTokensDoNotWaitForEachOther() throws Exception {
        List<ParsedToken> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(store());
        }
        long start = System.nanoTime();
        all(tokens);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals(64, lookUps.get());
        // 64 look-ups of 300 ms each, in parallel: about one round trip (a synchronous cache, whose
        // loads hold a lock shared by other keys, measured several in a row)
        System.out.println("64 parallel misses on distinct tokens: " + took + " ms");
        assertTrue(took < 3 * ROUND_TRIP.toMillis(), "64 parallel misses took " + took + " ms");
    }

    @Test
    void aFailedLookUpIsNotCachedAndReachesEveryWaitingCaller() throws Exception {
        ParsedToken token = store();
        failing.set(true);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                outcomes.add(callers.submit(() -> {
                    try {
                        resolver.resolve(token, CONTEXT);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            for (Future<Throwable> outcome : outcomes) {
                Throwable t = outcome.get(10, TimeUnit.SECONDS);
                assertTrue(t instanceof IllegalStateException, "the table's own exception, got " + t);
            }
        } finally {
            callers.shutdownNow();
        }
        failing.set(false);
        assertEquals(TokenResolution.Refused.class, resolver.resolve(token, CONTEXT).getClass());
        assertTrue(((TokenResolution.Refused) resolver.resolve(token, CONTEXT)).tokenId() != null, "found once the table answers");
    }

    private final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

    private ParsedToken store() {
        IssuedToken issued = issuer.issue(TokenKind.PERSONAL);
        rows.put(issued.hash(), new Row(UUID.randomUUID(), issued.hash()));
        return TokenFormat.parse(issued.token());
    }

    private List<TokenResolution> all(List<ParsedToken> tokens) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(tokens.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<TokenResolution>> answers = new ArrayList<>();
            for (ParsedToken token : tokens) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return resolver.resolve(token, CONTEXT);
                }));
            }
            go.countDown();
            List<TokenResolution> out = new ArrayList<>();
            for (Future<TokenResolution> answer : answers) {
                out.add(answer.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            callers.shutdownNow();
        }
    }

    record Row(UUID id, String tokenHash) implements TokenRow<Row> {
        public String name() {
            return "row";
        }

        public String note() {
            return null;
        }

        public String hint() {
            return "abcd";
        }

        public String ipRestrictions() {
            return null;
        }

        public Instant issuedAt() {
            return Instant.EPOCH;
        }

        public Instant expiresAt() {
            return null;
        }

        public Instant revokedAt() {
            return null;
        }

        public UUID workspaceId() {
            return null;
        }

        public Row withSecret(String hash, String hint, Instant expiresAt, Instant now) {
            throw new UnsupportedOperationException();
        }

        public Row withDetails(String name, String note, String ipRestrictions, Instant now) {
            throw new UnsupportedOperationException();
        }

        public Row revoked(Instant now) {
            throw new UnsupportedOperationException();
        }
    }

    record Snapshot(UUID tokenId, Instant revokedAt, Instant expiresAt, IpRestrictions ip, Instant issuedAt,
                    UUID workspaceId) implements StoredToken {
    }

    private final class Resolver extends StoredTokenResolver<Row, Snapshot> {
        Resolver() {
            super(issuer, new UsePolicy() {
                @Override
                public boolean admits(UUID workspaceId, Instant issuedAt, Instant expiresAt, String clientIp) {
                    return true;
                }

                @Override
                public boolean admitsLifetime(UUID workspaceId, Instant issuedAt, Instant expiresAt) {
                    return true;
                }

                @Override
                public Optional<Boolean> admitsIfCached(UUID workspaceId, Instant issuedAt, Instant expiresAt, String clientIp) {
                    return Optional.of(true);
                }
            }, new SlowTable(), Duration.ofSeconds(5), 1000, (cache, invalidate) -> invalidate, Clock.systemUTC());
        }

        @Override
        public TokenKind kind() {
            return TokenKind.PERSONAL;
        }

        @Override
        protected Snapshot snapshot(Row row) {
            return new Snapshot(row.id(), null, null, IpRestrictions.unrestricted(), row.issuedAt(), null);
        }

        /** The subject is not this test's concern: a refusal that names the token shows it was found. */
        @Override
        protected TokenResolution admit(Snapshot stored, RequestContext context) {
            return new TokenResolution.Refused(RefusalReason.SUBJECT_INACTIVE, stored.tokenId());
        }
    }

    private final class SlowTable implements TokenTable<Row> {
        @Override
        public Row save(Row row) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Row update(Row row) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Row> findByTokenHash(String tokenHash) {
            lookUps.incrementAndGet();
            try {
                Thread.sleep(ROUND_TRIP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing.get()) {
                throw new IllegalStateException("the database is unreachable");
            }
            return Optional.ofNullable(rows.get(tokenHash));
        }

        @Override
        public Optional<Row> findById(UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rekey(UUID id, String tokenHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long revokeIfNotRevoked(UUID id, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Map<UUID, String> findLastUsedIpsByIds(java.util.Collection<UUID> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long recordLastUse(UUID id, Instant at, String ip) {
            throw new UnsupportedOperationException();
        }
    }
}
