package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Where a token is in its life. Revocation wins over expiry: a revoked token stays revoked. */
public enum TokenState {
    ACTIVE, EXPIRED, REVOKED;

    public static TokenState of(Instant revokedAt, Instant expiresAt, Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return ACTIVE;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a list filter ({@code ?state=active}); null means no filter. */
    public static Optional<TokenState> fromCode(String code) {
        for (TokenState s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The refusal, if any, for a token found in storage: revoked, expired, or used from an address
     * its restrictions do not admit. Every kind applies these, in this order.
     */
    public static Optional<RefusalReason> refusal(Instant revokedAt, Instant expiresAt, IpRestrictions ip,
                                                  RequestContext context) {
        switch (of(revokedAt, expiresAt, context.now())) {
            case REVOKED:
                return Optional.of(RefusalReason.REVOKED);
            case EXPIRED:
                return Optional.of(RefusalReason.EXPIRED);
            default:
                break;
        }
        if (!ip.isUnrestricted() && !ip.allows(context.clientIp())) {
            return Optional.of(RefusalReason.IP_NOT_ALLOWED);
        }
        return Optional.empty();
    }
}
