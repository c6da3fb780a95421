package dev.latchkey.tokens.core;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.latchkey.tokens.core.lifecycle.TokenRow;

/**
 * The resolution every kind shares: hash the token, find it, refuse it if unknown, revoked,
 * expired or used from an address it does not admit ({@link TokenState#refusal}), in that order;
 * then, for a token bound to a workspace, that workspace's policy at use ({@link UsePolicy}: maximum
 * lifetime, expiry required, allowed IP ranges; {@code policy_denied}); only then does the kind apply
 * its own rules (its subject) and build the principal. Keeping the order in one place keeps the
 * refusal reasons the same for every kind.
 */
public abstract class StoredTokenResolver<R extends TokenRow<R>, S extends StoredToken> implements TokenResolver, LastUsedSink {
    private final TokenIssuer issuer;
    /**
     * Stored tokens by current-pepper hash, unknown hashes too (as empty), so junk costs no query.
     * Asynchronous so that a look-up in flight is a future in the cache: requests that miss on the
     * same token at once wait for that one look-up, and no lock is held while it runs, so misses on
     * other tokens never queue behind it (a synchronous Caffeine load holds its hash bin's lock).
     * A secret a rotation superseded is kept with the end of its grace.
     */
    private final AsyncCache<String, Optional<Found<S>>> cache;
    private final SupersededSecrets superseded;
    private final Consumer<String> eviction;
    private final UsePolicy policy;
    private final TokenTable<R> table;
    private final Clock clock;

    /**
     * @param ttl    how long a node trusts what it read ({@code latchkey.tokens.cache-ttl})
     * @param shared the app evicts now and again after the surrounding transaction, so a racing
     *               request cannot re-cache the old row, and journals the hash for the other nodes
     * @param clock  the app's one clock: the revocation time is read from it, like every other time
     */
    protected StoredTokenResolver(TokenIssuer issuer, UsePolicy policy, TokenTable<R> table, Duration ttl,
                                  long maximumSize, SharedCaches shared, Clock clock) {
        this(issuer, policy, table, SupersededSecrets.NONE, ttl, maximumSize, shared, clock);
    }

    /** @param superseded the secrets rotations replaced, resolved to their token while their grace runs */
    protected StoredTokenResolver(TokenIssuer issuer, UsePolicy policy, TokenTable<R> table,
                                  SupersededSecrets superseded, Duration ttl, long maximumSize, SharedCaches shared,
                                  Clock clock) {
        this.issuer = issuer;
        this.superseded = superseded;
        this.clock = clock;
        this.policy = policy;
        this.table = table;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).recordStats().buildAsync();
        shared.monitor(kind().code() + "-tokens", cache.synchronous());
        // hashes are unique across kinds, so the kinds share one journal name
        this.eviction = shared.register("token", cache.synchronous()::invalidate);
    }

    /**
     * The old secret (or old settings) stop working on this node before the changing response is
     * sent, and on every other node within {@code latchkey.cluster.poll}.
     */
    public void evict(String tokenHash) {
        eviction.accept(tokenHash);
    }

    /** Evicts every secret of the token: the current one and each a rotation superseded. */
    public void evictAll(UUID tokenId, String currentHash) {
        evict(currentHash);
        superseded.of(kind(), tokenId).forEach(s -> evict(s.hash()));
    }

    /**
     * Storage first, then this node's cache (whatever the outcome: a hash cached as live must not
     * outlive the revocation), so the secret stops working here before this returns.
     */
    @Override
    public final boolean revoke(UUID tokenId, String cause) {
        boolean revokedNow = markRevoked(tokenId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        storedHash(tokenId).ifPresent(hash -> evictAll(tokenId, hash));
        if (revokedNow) {
            System.getLogger(StoredTokenResolver.class.getName()).log(System.Logger.Level.INFO,
                    "{0} token {1} revoked: {2}", kind().code(), tokenId, cause);
        }
        return revokedNow;
    }

    private boolean markRevoked(UUID tokenId, Instant now) {
        return table.revokeIfNotRevoked(tokenId, now) == 1;
    }

    private Optional<String> storedHash(UUID tokenId) {
        return table.findById(tokenId).map(TokenRow::tokenHash);
    }

    @Override
    public final TokenResolution resolve(ParsedToken token, RequestContext context) {
        Optional<Found<S>> found = lookUp(token, issuer.storageHash(token));
        if (found.isEmpty()) {
            return new TokenResolution.Refused(RefusalReason.UNKNOWN, null);
        }
        S stored = found.get().stored();
        if (found.get().graceOver(context.now())) {
            return new TokenResolution.Refused(RefusalReason.SUPERSEDED, stored.tokenId());
        }
        Optional<RefusalReason> refusal = TokenState.refusal(stored.revokedAt(), stored.expiresAt(), stored.ip(), context);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), stored.tokenId());
        }
        if (stored.workspaceId() != null
                && !policy.admits(stored.workspaceId(), stored.issuedAt(), stored.expiresAt(), context.clientIp())) {
            return new TokenResolution.Refused(RefusalReason.POLICY_DENIED, stored.tokenId());
        }
        return finished(admit(stored, context), found.get());
    }

    /**
     * Every kind's accepted token carries its stored expiry, so the response can announce it, and
     * the facts kept with its cache entry, so introspection need not read them again.
     */
    private static TokenResolution finished(TokenResolution resolution, Found<?> found) {
        if (!(resolution instanceof TokenResolution.Accepted a)) {
            return resolution;
        }
        TokenResolution.Accepted kept = a.keeping(found.facts());
        return found.stored().expiresAt() != null ? kept.expiringAt(found.stored().expiresAt()) : kept;
    }

    @Override
    public final Optional<TokenResolution> resolveCached(ParsedToken token, RequestContext context) {
        Optional<Optional<Found<S>>> cached = cachedLookUp(issuer.storageHash(token));
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        if (cached.get().isEmpty()) {
            return Optional.of(new TokenResolution.Refused(RefusalReason.UNKNOWN, null));
        }
        if (cached.get().get().graceOver(context.now())) {
            return Optional.empty(); // a replayed old secret is judged off the event loop (reuse detection may write)
        }
        Found<S> found = cached.get().get();
        S stored = found.stored();
        Optional<RefusalReason> refusal = TokenState.refusal(stored.revokedAt(), stored.expiresAt(), stored.ip(), context);
        if (refusal.isPresent()) {
            return Optional.of(new TokenResolution.Refused(refusal.get(), stored.tokenId()));
        }
        if (stored.workspaceId() != null) {
            Optional<Boolean> admitted = policy.admitsIfCached(stored.workspaceId(), stored.issuedAt(),
                    stored.expiresAt(), context.clientIp());
            if (admitted.isEmpty()) {
                return Optional.empty();
            }
            if (!admitted.get()) {
                return Optional.of(new TokenResolution.Refused(RefusalReason.POLICY_DENIED, stored.tokenId()));
            }
        }
        return admitCached(stored, context).map(resolution -> finished(resolution, found));
    }

    /** What the cache holds for the hash, if a finished look-up is there; never waits (the event loop calls it). */
    private Optional<Optional<Found<S>>> cachedLookUp(String currentHash) {
        CompletableFuture<Optional<Found<S>>> cached = cache.getIfPresent(currentHash);
        return cached != null && cached.isDone() && !cached.isCompletedExceptionally()
                ? Optional.of(cached.join()) : Optional.empty();
    }

    /**
     * The cached answer, or the look-up already in flight for this hash, or a new look-up made on
     * the calling thread. A failed look-up is not cached: its callers get its exception.
     */
    private Optional<Found<S>> lookUp(ParsedToken token, String currentHash) {
        CompletableFuture<Optional<Found<S>>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Found<S>>> inFlight = cache.asMap().putIfAbsent(currentHash, mine);
        if (inFlight != null) {
            try {
                return inFlight.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Optional<Found<S>> found = load(token, currentHash);
            mine.complete(found);
            return found;
        } catch (RuntimeException | Error e) {
            cache.asMap().remove(currentHash, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** {@link #admit} from caches alone; empty when anything it needs is not cached. */
    protected Optional<TokenResolution> admitCached(S stored, RequestContext context) {
        return Optional.empty();
    }

    /**
     * A stored token as a secret finds it: by its current secret ({@code graceEnds} null) or by one a
     * rotation superseded; with its facts, read when first asked for and kept as long as this entry.
     */
    private record Found<S extends StoredToken>(S stored, Instant graceEnds, KeptFacts facts) {
        boolean graceOver(Instant now) {
            return graceEnds != null && !now.isBefore(graceEnds);
        }
    }

    /**
     * Reads the stored token (tokens stored under an old pepper are found and re-keyed), else the
     * token whose secret this was before a rotation; the cache is this class's.
     */
    private Optional<Found<S>> load(ParsedToken token, String currentHash) {
        Optional<S> current = issuer.lookUp(token, this::findByHash, (stored, rekeyed) -> table.rekey(stored.tokenId(), rekeyed));
        if (current.isPresent()) {
            return current.map(stored -> found(stored, null));
        }
        return superseded.find(currentHash).filter(old -> old.kind() == kind())
                .flatMap(old -> findById(old.tokenId()).map(stored -> found(stored, old.validUntil())));
    }

    /**
     * What a cache miss reads: the snapshot of the token stored under this hash. One query, the row
     * by its unique hash; a kind whose snapshot needs more than its row overrides this (and
     * {@link #findById}) to read it in the same round trip.
     */
    protected Optional<S> findByHash(String hash) {
        return table.findByTokenHash(hash).map(this::snapshot);
    }

    /** The snapshot of the token with this id (a superseded secret's token). */
    protected Optional<S> findById(UUID tokenId) {
        return table.findById(tokenId).map(this::snapshot);
    }

    /**
     * Drops this node's cached snapshots of one token (every secret of it), and every look-up still
     * in flight, since it may have read the state before the change: for a change to what a snapshot
     * holds besides the row (it runs on every node through the change's own journal entry). Scans
     * the cache, so it is for rare changes (an approval, a cut-off), not for every request.
     */
    protected void evictLocally(UUID tokenId) {
        cache.asMap().values().removeIf(future -> !future.isDone() || future.isCompletedExceptionally()
                || future.join().map(found -> found.stored().tokenId().equals(tokenId)).orElse(false));
    }

    private Found<S> found(S stored, Instant graceEnds) {
        UUID tokenId = stored.tokenId();
        return new Found<>(stored, graceEnds, new KeptFacts(() -> facts(tokenId)));
    }

    /** Last uses go to the kind's table; what counts as a new address is {@link LastUsedSink}'s. */
    @Override
    public final Map<UUID, String> lastUsedIps(Collection<UUID> tokenIds) {
        return table.findLastUsedIpsByIds(tokenIds);
    }

    @Override
    public final boolean recordLastUse(UUID tokenId, Instant at, String ip) {
        return table.recordLastUse(tokenId, at, ip) == 1;
    }

    /** The stored row of this kind's token with this id, in any state (for facts). */
    protected Optional<R> row(UUID tokenId) {
        return table.findById(tokenId);
    }

    /**
     * The state a use of this token would meet now, whatever the caller's address: {@code revoked},
     * {@code expired}, {@code policy_denied} (the workspace's lifetime rules), the kind's own standing
     * refusal ({@code subject_inactive}, {@code pending_approval}, {@code approval_denied}), else
     * {@code active}. The same order as {@link #resolve}, so a list says what a request would get.
     */
    public final String effectiveState(R row, Instant now) {
        return state(snapshot(row), now, policy::admitsLifetime, this::standing);
    }

    /**
     * {@link #effectiveState} of every token of one page of a list, in the page's order, with what the
     * page needs read at once rather than once per token: the kind's snapshots of all the rows
     * ({@link #snapshots}), each workspace's policy once ({@link UsePolicy#lifetimesOfOnePage}) and
     * each subject's standing once ({@link #standingOfOnePage}).
     */
    public final List<String> effectiveStates(List<R> rows, Instant now) {
        if (rows.isEmpty()) {
            return List.of();
        }
        UsePolicy.LifetimeCheck lifetimes = policy.lifetimesOfOnePage();
        Function<S, Optional<RefusalReason>> standing = standingOfOnePage();
        List<String> states = new ArrayList<>(rows.size());
        for (S stored : snapshots(rows)) {
            states.add(state(stored, now, lifetimes, standing));
        }
        return states;
    }

    private static <S extends StoredToken> String state(S stored, Instant now, UsePolicy.LifetimeCheck lifetimes,
                                                        Function<S, Optional<RefusalReason>> standing) {
        TokenState state = TokenState.of(stored.revokedAt(), stored.expiresAt(), now);
        if (state != TokenState.ACTIVE) {
            return state.code();
        }
        if (stored.workspaceId() != null && !lifetimes.admits(stored.workspaceId(), stored.issuedAt(), stored.expiresAt())) {
            return RefusalReason.POLICY_DENIED.code();
        }
        return standing.apply(stored).map(RefusalReason::code).orElse(state.code());
    }

    /**
     * The kind's own refusal of a live token that does not depend on the request (its subject
     * suspended, its approval pending or denied); {@link #admit} refuses with it first.
     */
    protected Optional<RefusalReason> standing(S stored) {
        return Optional.empty();
    }

    /**
     * {@link #standing} for the tokens of one page of a list: a kind whose standing reads something
     * per subject reads it once per subject of the page here.
     */
    protected Function<S, Optional<RefusalReason>> standingOfOnePage() {
        return this::standing;
    }

    /**
     * The snapshots of a page of rows, in order: a kind whose snapshot reads more than its row reads
     * it for the whole page at once here (bounded, as the page is, by the owner).
     */
    protected List<S> snapshots(List<R> rows) {
        return rows.stream().map(this::snapshot).toList();
    }

    /** What the cache keeps of a row: its decision-relevant parts, prepared once. */
    protected abstract S snapshot(R row);

    /** The kind's own rules for a known, live token used from an allowed address. */
    protected abstract TokenResolution admit(S stored, RequestContext context);
}
