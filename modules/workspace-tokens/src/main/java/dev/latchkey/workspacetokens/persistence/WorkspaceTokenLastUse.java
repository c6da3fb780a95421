package dev.latchkey.workspacetokens.persistence;

import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.TokenKind;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where the coalesced last uses of workspace tokens go; what counts as a new address is {@link LastUsedSink}'s. */
@Singleton
class WorkspaceTokenLastUse implements LastUsedSink {
    private final WorkspaceTokenRepository tokens;

    WorkspaceTokenLastUse(WorkspaceTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    public TokenKind kind() {
        return TokenKind.WORKSPACE;
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
