package dev.latchkey.tokens.core;

import dev.latchkey.authz.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link TokenResolver} made of a token: a principal to authorize, or a refusal with
 * its reason. A refusal is a value, not an exception, because refusing is the expected outcome
 * for bad tokens and the caller maps every reason to a response in one place.
 */
public sealed interface TokenResolution {

    /**
     * @param tokenId   the token's id, for last-used bookkeeping and audit
     * @param expiresAt when the token expires, null if it never does (the
     *                  {@code X-Latchkey-Token-Expiration} response header)
     * @param facts     the token's facts kept with its cache entry, null when the resolver keeps none
     *                  (then {@link TokenResolver#facts} reads them)
     */
    record Accepted(Principal principal, UUID tokenId, Instant expiresAt, KeptFacts facts) implements TokenResolution {
        public Accepted {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(tokenId, "tokenId");
        }

        /** A token that does not expire, or whose expiry is added by {@link #expiringAt}. */
        public Accepted(Principal principal, UUID tokenId) {
            this(principal, tokenId, null, null);
        }

        public Accepted expiringAt(Instant expiry) {
            return new Accepted(principal, tokenId, expiry, facts);
        }

        public Accepted keeping(KeptFacts kept) {
            return new Accepted(principal, tokenId, expiresAt, kept);
        }
    }

    /** @param tokenId the token's id when it was found (expired, revoked, ...); null otherwise */
    record Refused(RefusalReason reason, UUID tokenId) implements TokenResolution {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
