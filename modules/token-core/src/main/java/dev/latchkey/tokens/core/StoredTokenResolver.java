package dev.latchkey.tokens.core;

import java.util.Optional;

/**
 * The resolution every kind shares: hash the token, find it, refuse it if unknown, revoked,
 * expired or used from an address it does not admit ({@link TokenState#refusal}), in that order;
 * only then does the kind apply its own rules (its subject, its policy) and build the principal.
 * Keeping the order in one place keeps the refusal reasons the same for every kind.
 */
public abstract class StoredTokenResolver<S extends StoredToken> implements TokenResolver {
    private final TokenIssuer issuer;

    protected StoredTokenResolver(TokenIssuer issuer) {
        this.issuer = issuer;
    }

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

    /** What the cache holds for this hash (a known row or a known miss), without loading; empty if nothing. */
    protected Optional<Optional<S>> cachedLookUp(String currentHash) {
        return Optional.empty();
    }

    /** {@link #admit} from caches alone; empty when anything it needs is not cached. */
    protected Optional<TokenResolution> admitCached(S stored, RequestContext context) {
        return Optional.empty();
    }

    /**
     * The stored token with this (current-pepper) hash, if any; implementations cache it by that
     * hash (unknown hashes too) and load it through {@link #issuer()}{@code .lookUp}, so tokens
     * stored under an old pepper are found and re-keyed.
     */
    protected abstract Optional<S> lookUp(ParsedToken token, String currentHash);

    protected TokenIssuer issuer() {
        return issuer;
    }

    /** The kind's own rules for a known, live token used from an allowed address. */
    protected abstract TokenResolution admit(S stored, RequestContext context);
}
