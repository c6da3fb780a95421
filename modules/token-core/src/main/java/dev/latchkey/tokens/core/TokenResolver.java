package dev.latchkey.tokens.core;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns a well-formed token of one kind into a principal. Each token module implements it for
 * its kind; the app picks the resolver by {@link ParsedToken#kind()} after
 * {@link TokenFormat#parse}, so a resolver never sees a malformed string.
 *
 * <p>A resolver looks the token up by {@link TokenHasher} hash, and refuses it if unknown,
 * expired at {@link RequestContext#now()}, revoked, not allowed from
 * {@link RequestContext#clientIp()} ({@link IpRestrictions}), or if its subject or policy no
 * longer admits it.
 */
public interface TokenResolver {

    TokenKind kind();

    TokenResolution resolve(ParsedToken token, RequestContext context);

    /**
     * The same answer as {@link #resolve}, but only if everything it needs is already in this node's
     * caches; empty means "ask {@link #resolve} on a thread that may block". This lets the app
     * answer a busy token on the event loop without any I/O, and never block it on a cache miss.
     */
    default Optional<TokenResolution> resolveCached(ParsedToken token, RequestContext context) {
        return Optional.empty();
    }

    /**
     * What may be said about the token with this id (any state: active, expired or revoked), or
     * empty if this kind has no such token. Used off the hot path: introspection, audit and
     * revocation may read storage here. The default knows nothing, so a kind that does not
     * implement it is simply never introspected as active.
     */
    default Optional<TokenFacts> facts(UUID tokenId) {
        return Optional.empty();
    }

    /**
     * Revokes the token with this id at once: storage first, then this node's resolution cache, so
     * the secret stops working here before the call returns (other nodes within the cache TTL).
     * Used by RFC 7009 revocation and leak reports; the app writes the audit event, because only it
     * knows who asked and why.
     *
     * @param cause a short reason for logs (for example {@code "leaked: github"}); never a token
     * @return true if this call revoked it; false if it is unknown or was already revoked
     */
    default boolean revoke(UUID tokenId, String cause) {
        return false;
    }
}
