package dev.latchkey.servicetokens.persistence;

import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;

/** Writes the coalesced last uses of service tokens, one statement per token per flush. */
@Singleton
class ServiceTokenLastUse implements LastUsedSink {
    private final ServiceTokenRepository tokens;

    ServiceTokenLastUse(ServiceTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.SERVICE;
    }

    @Override
    @Transactional
    public void write(Collection<LastUse> uses) {
        for (LastUse use : uses) {
            tokens.recordLastUse(use.tokenId(), use.at(), use.ip());
        }
    }
}
