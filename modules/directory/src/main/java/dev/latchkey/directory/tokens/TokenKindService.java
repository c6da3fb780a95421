package dev.latchkey.directory.tokens;

import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.caps.Caps;
import dev.latchkey.directory.tokentypes.TokenTypes;
import dev.latchkey.tokens.core.OwnedTokenTable;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.lifecycle.NewToken;
import dev.latchkey.tokens.core.lifecycle.TokenKindPort;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import jakarta.inject.Singleton;

/**
 * What every kind's service is besides its own rules: its table, its resolver's cache, the one
 * lifecycle over both, and the collaborators every kind asks (the engine's door, the caps, the
 * token types). A kind's service extends this and adds its owner, its grant and its audit text.
 *
 * @param <O> the owner of a set of tokens
 * @param <T> the stored row
 * @param <R> the kind's repository
 */
public abstract class TokenKindService<O, T extends TokenEntity<T>, R extends TokenRepository<T, O>>
        implements TokenKindPort<Caller, O, T> {
    protected final R tokens;
    protected final Access access;
    protected final Caps caps;
    protected final TokenTypes types;
    private final StoredTokenResolver<T, ?> resolver;
    private final TokenLifecycle<Caller, O, T> lifecycle;

    protected TokenKindService(R tokens, StoredTokenResolver<T, ?> resolver, Shared shared) {
        this.tokens = tokens;
        this.resolver = resolver;
        this.access = shared.access();
        this.caps = shared.caps();
        this.types = shared.types();
        this.lifecycle = new TokenLifecycle<>(this, shared.support(), shared.issuer());
    }

    /** The collaborators every kind's service needs, injected as one. */
    @Singleton
    public record Shared(TokenIssuer issuer, TokenLifecycleSupport support, Access access, Caps caps, TokenTypes types) {
    }

    public TokenLifecycle<Caller, O, T> lifecycle() {
        return lifecycle;
    }

    @Override
    public OwnedTokenTable<O, T> table() {
        return tokens;
    }

    /** A copy keeps the source's grant and subject; a kind that records more about the copier overrides this. */
    @Override
    public T copyOf(Caller caller, T source, NewToken fields) {
        return source.copy(fields);
    }

    @Override
    public StoredTokenResolver<T, ?> resolver() {
        return resolver;
    }
}
