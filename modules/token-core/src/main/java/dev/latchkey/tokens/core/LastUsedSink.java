package dev.latchkey.tokens.core;

import java.util.Collection;

/** Where a token kind writes the coalesced last uses of its tokens. */
public interface LastUsedSink {
    TokenKind kind();

    void write(Collection<LastUse> uses);
}
