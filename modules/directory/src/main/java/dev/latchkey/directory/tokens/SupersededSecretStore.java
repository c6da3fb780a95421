package dev.latchkey.directory.tokens;

import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenKind;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one store of superseded secrets, for every kind (table {@code superseded_secrets}): rows
 * are kept after their grace, so that a replay is recognized as one rather than as an unknown token.
 */
@Singleton
public class SupersededSecretStore implements SupersededSecrets {
    private final SupersededSecretRepository rows;

    SupersededSecretStore(SupersededSecretRepository rows) {
        this.rows = rows;
    }

    @Override
    public Optional<Superseded> find(String hash) {
        return rows.findByTokenHash(hash).flatMap(SupersededSecretStore::toSuperseded);
    }

    @Override
    public List<Superseded> of(TokenKind kind, UUID tokenId) {
        return rows.findByTokenKindAndTokenId(kind.code(), tokenId).stream()
                .flatMap(r -> toSuperseded(r).stream()).toList();
    }

    @Override
    public List<Superseded> ofForUpdate(TokenKind kind, UUID tokenId) {
        return rows.findByTokenKindAndTokenIdForUpdate(kind.code(), tokenId).stream()
                .flatMap(r -> toSuperseded(r).stream()).toList();
    }

    @Override
    public List<Superseded> liveOf(TokenKind kind, Collection<UUID> tokenIds, Instant now) {
        return rows.findByTokenKindAndTokenIdInAndValidUntilGreaterThan(kind.code(), tokenIds, now).stream()
                .flatMap(r -> toSuperseded(r).stream()).toList();
    }

    @Override
    public void add(Superseded s) {
        rows.save(new SupersededSecret(s.hash(), s.kind().code(), s.tokenId(), s.hint(), s.supersededAt(),
                s.validUntil()));
    }

    @Override
    public void endGraces(TokenKind kind, UUID tokenId, Instant now) {
        rows.endGraces(kind.code(), tokenId, now);
    }

    private static Optional<Superseded> toSuperseded(SupersededSecret r) {
        return TokenKind.fromCode(r.tokenKind()).map(kind -> new Superseded(kind, r.tokenId(), r.tokenHash(), r.hint(),
                r.supersededAt(), r.validUntil()));
    }
}
