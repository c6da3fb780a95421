package dev.latchkey.tokens.core;

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
}
