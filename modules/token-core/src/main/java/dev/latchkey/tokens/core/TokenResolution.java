package dev.latchkey.tokens.core;

import dev.latchkey.authz.Principal;
import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link TokenResolver} made of a token: a principal to authorize, or a refusal with
 * its reason. A refusal is a value, not an exception, because refusing is the expected outcome
 * for bad tokens and the caller maps every reason to a response in one place.
 */
public sealed interface TokenResolution {

    /** @param tokenId the token's id, for last-used bookkeeping and audit */
    record Accepted(Principal principal, UUID tokenId) implements TokenResolution {
        public Accepted {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(tokenId, "tokenId");
        }
    }

    /** @param tokenId the token's id when it was found (expired, revoked, ...); null otherwise */
    record Refused(RefusalReason reason, UUID tokenId) implements TokenResolution {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
