package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A workspace's token policy as it binds a token at use, for every kind the same: the maximum
 * lifetime, the expiry requirement and the allowed IP ranges. Checked at every use, so tightening
 * a policy reaches existing tokens without rewriting them. Implemented by the directory.
 */
public interface UsePolicy {
    /** Whether the workspace admits a token issued at {@code issuedAt}, expiring at {@code expiresAt}, used from {@code clientIp}. */
    boolean admits(UUID workspaceId, Instant issuedAt, Instant expiresAt, String clientIp);

    /**
     * {@link #admits} apart from the caller's address: whether the workspace's lifetime rules admit the
     * token now. What a token list shows as {@code policy_denied}, where no request (and no address) is at hand.
     */
    boolean admitsLifetime(UUID workspaceId, Instant issuedAt, Instant expiresAt);

    /**
     * {@link #admitsLifetime} for the tokens of one page of a list: each workspace's policy is read at
     * most once for the page, however many of its tokens are listed (and whatever the cache holds).
     */
    default LifetimeCheck lifetimesOfOnePage() {
        return this::admitsLifetime;
    }

    /** {@link #admitsLifetime} as a function, for {@link #lifetimesOfOnePage}. */
    @FunctionalInterface
    interface LifetimeCheck {
        boolean admits(UUID workspaceId, Instant issuedAt, Instant expiresAt);
    }

    /** {@link #admits} from this node's cache alone; empty when the policy is not cached. */
    Optional<Boolean> admitsIfCached(UUID workspaceId, Instant issuedAt, Instant expiresAt, String clientIp);
}
