package dev.latchkey.pat.persistence;

import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where the coalesced last uses of personal tokens go; what counts as a new address is {@link LastUsedSink}'s. */
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
    public Optional<String> lastUsedIp(UUID tokenId) {
        return tokens.findLastUsedIpById(tokenId);
    }

    @Override
    public boolean recordLastUse(UUID tokenId, Instant at, String ip) {
        return tokens.recordLastUse(tokenId, at, ip) == 1;
    }
}
