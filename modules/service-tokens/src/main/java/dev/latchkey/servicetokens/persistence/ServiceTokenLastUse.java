package dev.latchkey.servicetokens.persistence;

import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where the coalesced last uses of service tokens go; what counts as a new address is {@link LastUsedSink}'s. */
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
    public Optional<String> lastUsedIp(UUID tokenId) {
        return tokens.findLastUsedIpById(tokenId);
    }

    @Override
    public boolean recordLastUse(UUID tokenId, Instant at, String ip) {
        return tokens.recordLastUse(tokenId, at, ip) == 1;
    }
}
