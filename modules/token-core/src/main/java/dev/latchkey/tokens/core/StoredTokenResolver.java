package dev.latchkey.tokens.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The resolution every kind shares: hash the token, find it, refuse it if unknown, revoked,
 * expired or used from an address it does not admit ({@link TokenState#refusal}), in that order;
 * only then does the kind apply its own rules (its subject, its policy) and build the principal.
 * Keeping the order in one place keeps the refusal reasons the same for every kind.
 */
public abstract class StoredTokenResolver<S extends StoredToken> implements TokenResolver {
    private final TokenIssuer issuer;
    /** Stored tokens by current-pepper hash, unknown hashes too (as empty), so junk costs no query. */
    private final Cache<String, Optional<S>> cache;
    private final Consumer<String> eviction;

    /**
     * @param ttl    how long a node trusts what it read ({@code latchkey.tokens.cache-ttl})
     * @param shared the app evicts now and again after the surrounding transaction, so a racing
     *               request cannot re-cache the old row, and journals the hash for the other nodes
     */
    protected StoredTokenResolver(TokenIssuer issuer, Duration ttl, long maximumSize, SharedCaches shared) {
        this.issuer = issuer;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
        // hashes are unique across kinds, so the kinds share one journal name
        this.eviction = shared.register("token", cache::invalidate);
    }

    /**
     * The old secret (or old settings) stop working on this node before the changing response is
     * sent, and on every other node within {@code latchkey.cluster.poll}.
     */
    public void evict(String tokenHash) {
        eviction.accept(tokenHash);
    }

    /**
     * Storage first, then this node's cache (whatever the outcome: a hash cached as live must not
     * outlive the revocation), so the secret stops working here before this returns.
     */
    @Override
    public final boolean revoke(UUID tokenId, String cause) {
        boolean revokedNow = markRevoked(tokenId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        storedHash(tokenId).ifPresent(this::evict);
        if (revokedNow) {
            System.getLogger(StoredTokenResolver.class.getName()).log(System.Logger.Level.INFO,
                    "{0} token {1} revoked: {2}", kind().code(), tokenId, cause);
        }
        return revokedNow;
    }

    /** Marks the stored token revoked at {@code now} unless it already is; true if this call did it. */
    protected abstract boolean markRevoked(UUID tokenId, Instant now);

    /** The current hash of the stored token with this id, to evict it from the cache. */
    protected abstract Optional<String> storedHash(UUID tokenId);

    @Override
    public final TokenResolution resolve(ParsedToken token, RequestContext context) {
        Optional<S> found = lookUp(token, issuer.storageHash(token));
        if (found.isEmpty()) {
            return new TokenResolution.Refused(RefusalReason.UNKNOWN, null);
        }
        S stored = found.get();
        Optional<RefusalReason> refusal = TokenState.refusal(stored.revokedAt(), stored.expiresAt(), stored.ip(), context);
        if (refusal.isPresent()) {
            return new TokenResolution.Refused(refusal.get(), stored.tokenId());
        }
        return admit(stored, context);
    }

    @Override
    public final Optional<TokenResolution> resolveCached(ParsedToken token, RequestContext context) {
        Optional<Optional<S>> cached = cachedLookUp(issuer.storageHash(token));
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        if (cached.get().isEmpty()) {
            return Optional.of(new TokenResolution.Refused(RefusalReason.UNKNOWN, null));
        }
        S stored = cached.get().get();
        Optional<RefusalReason> refusal = TokenState.refusal(stored.revokedAt(), stored.expiresAt(), stored.ip(), context);
        if (refusal.isPresent()) {
            return Optional.of(new TokenResolution.Refused(refusal.get(), stored.tokenId()));
        }
        return admitCached(stored, context);
    }

    private Optional<Optional<S>> cachedLookUp(String currentHash) {
        return Optional.ofNullable(cache.getIfPresent(currentHash));
    }

    private Optional<S> lookUp(ParsedToken token, String currentHash) {
        return cache.get(currentHash, h -> load(token));
    }

    /** {@link #admit} from caches alone; empty when anything it needs is not cached. */
    protected Optional<TokenResolution> admitCached(S stored, RequestContext context) {
        return Optional.empty();
    }

    /**
     * Reads the stored token from storage (the cache is this class's business); implementations go
     * through {@link #issuer()}{@code .lookUp}, so tokens stored under an old pepper are found and
     * re-keyed.
     */
    protected abstract Optional<S> load(ParsedToken token);

    protected TokenIssuer issuer() {
        return issuer;
    }

    /** The kind's own rules for a known, live token used from an allowed address. */
    protected abstract TokenResolution admit(S stored, RequestContext context);
}
