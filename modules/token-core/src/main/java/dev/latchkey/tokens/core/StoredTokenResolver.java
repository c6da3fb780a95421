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
        Optional<S> found = lookUp(issuer.storageHash(token));
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

    /** The stored token with this hash, if any; implementations cache it (unknown hashes too). */
    protected abstract Optional<S> lookUp(String tokenHash);

    /** The kind's own rules for a known, live token used from an allowed address. */
    protected abstract TokenResolution admit(S stored, RequestContext context);
}
