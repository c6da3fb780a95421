package dev.latchkey.pat.persistence;

import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;

/** Writes the coalesced last uses of personal tokens, one statement per token per flush. */
@Singleton
class PersonalTokenLastUse implements LastUsedSink {
    private final PersonalTokenRepository tokens;

    PersonalTokenLastUse(PersonalTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.PERSONAL;
    }

    @Override
    @Transactional
    public void write(Collection<LastUse> uses) {
        for (LastUse use : uses) {
            tokens.recordLastUse(use.tokenId(), use.at(), use.ip());
        }
    }
}
