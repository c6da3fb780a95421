package dev.latchkey.tokens.core;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A token's {@link TokenFacts}, read from storage at most once per cached entry of the token and
 * kept with that entry, so they go when it goes (eviction, expiry, a changed row): introspecting a
 * busy token then reads no storage, and its answer is never older than the token's own cache entry.
 * Read lazily, because most tokens are never introspected and a cache miss should not pay for it.
 */
public final class KeptFacts {
    private final Supplier<Optional<TokenFacts>> read;
    private volatile Optional<TokenFacts> facts;

    KeptFacts(Supplier<Optional<TokenFacts>> read) {
        this.read = read;
    }

    /** The facts, read from storage the first time (may block). */
    public Optional<TokenFacts> get() {
        Optional<TokenFacts> kept = facts;
        if (kept == null) {
            kept = read.get();
            facts = kept;
        }
        return kept;
    }

    /** The facts if they were read already; empty when {@link #get} would read storage. */
    public Optional<Optional<TokenFacts>> ifKept() {
        return Optional.ofNullable(facts);
    }
}
