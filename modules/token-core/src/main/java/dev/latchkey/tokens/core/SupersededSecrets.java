package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The secrets a rotation replaced, for every kind in one place: the hash of the old secret (never
 * the secret), whose token it was, and until when it still works (its grace). A superseded secret
 * resolves to its token while the grace runs; after it, it is refused as revoked, and presented to
 * a rotate endpoint it is a replay that revokes the token (reuse detection).
 */
public interface SupersededSecrets {

    /** @param validUntil the end of the grace: the old secret works strictly before it */
    record Superseded(TokenKind kind, UUID tokenId, String hash, String hint, Instant supersededAt, Instant validUntil) {
        public Superseded {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(validUntil, "validUntil");
        }

        public boolean liveAt(Instant now) {
            return now.isBefore(validUntil);
        }

        @Override
        public String toString() {
            return "Superseded[" + kind.code() + " " + tokenId + ", hint=…" + hint + ", until " + validUntil + "]";
        }
    }

    Optional<Superseded> find(String hash);

    /** Every superseded secret of the token, for eviction and the view. */
    List<Superseded> of(TokenKind kind, UUID tokenId);

    /** As {@link #of}, read with a lock, so that of two racing rotations the second sees the first's grace. */
    List<Superseded> ofForUpdate(TokenKind kind, UUID tokenId);

    /**
     * The superseded secrets of these tokens of one kind whose grace still runs at {@code now}, in one
     * read (a page of a list); the ids are the owner's, from the owner-bounded page query.
     */
    List<Superseded> liveOf(TokenKind kind, Collection<UUID> tokenIds, Instant now);

    void add(Superseded superseded);

    /** Ends every running grace of the token at {@code now} (regenerate, a newer rotation, revocation). */
    void endGraces(TokenKind kind, UUID tokenId, Instant now);

    /** The superseded secret whose grace runs longest at {@code now}, if any. */
    default Optional<Superseded> inGrace(TokenKind kind, UUID tokenId, Instant now) {
        return of(kind, tokenId).stream().filter(s -> s.liveAt(now))
                .max(java.util.Comparator.comparing(Superseded::validUntil));
    }

    /** {@link #inGrace} for every token of a page at once: token id -> its longest-running grace, if any. */
    default Map<UUID, Superseded> inGrace(TokenKind kind, Collection<UUID> tokenIds, Instant now) {
        Map<UUID, Superseded> longest = new HashMap<>();
        if (tokenIds.isEmpty()) {
            return longest;
        }
        for (Superseded s : liveOf(kind, tokenIds, now)) {
            if (s.liveAt(now)) {
                longest.merge(s.tokenId(), s, (a, b) -> a.validUntil().isBefore(b.validUntil()) ? b : a);
            }
        }
        return longest;
    }

    /** For tests and tools that have no rotation: nothing is ever superseded. */
    SupersededSecrets NONE = new SupersededSecrets() {
        @Override
        public Optional<Superseded> find(String hash) {
            return Optional.empty();
        }

        @Override
        public List<Superseded> of(TokenKind kind, UUID tokenId) {
            return List.of();
        }

        @Override
        public List<Superseded> ofForUpdate(TokenKind kind, UUID tokenId) {
            return List.of();
        }

        @Override
        public List<Superseded> liveOf(TokenKind kind, Collection<UUID> tokenIds, Instant now) {
            return List.of();
        }

        @Override
        public void add(Superseded superseded) {
            throw new UnsupportedOperationException("no rotation here");
        }

        @Override
        public void endGraces(TokenKind kind, UUID tokenId, Instant now) {
        }
    };
}
