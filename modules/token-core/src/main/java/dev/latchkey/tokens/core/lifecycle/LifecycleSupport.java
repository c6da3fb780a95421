package dev.latchkey.tokens.core.lifecycle;

import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenKind;

import java.time.Duration;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the lifecycle needs from the application around it, the same for every kind: one clock, a
 * transaction, the password confirmation, the workspace token policy, the audit trail and the
 * problems a client is answered with. Implemented once (in directory).
 *
 * @param <A> the caller
 */
public interface LifecycleSupport<A> {
    /** Now, at the precision stored (whole seconds). */
    Instant now();

    /** A new id, ordered by creation (lists page by id). */
    UUID newId();

    /** A canonical id, or empty for anything else (answered as "not found"). */
    java.util.Optional<UUID> parseId(String text);

    /** Runs {@code work} in one transaction: all of it is stored, or none. */
    <R> R inTransaction(Supplier<R> work);

    /**
     * When {@code sensitive}, refuses (403) a login session that neither logged in recently nor had
     * its password confirmed for this request; tokens pass. Routes that are always sensitive are
     * confirmed before they reach the lifecycle, so only a change whose sensitivity depends on what
     * it changes asks here.
     */
    void requireConfirmationIf(A caller, boolean sensitive);

    /** Refuses (400 naming the rule) a secret issued at {@code now} expiring at {@code expiresAt} in this workspace. */
    void checkLifetime(UUID workspaceId, Instant expiresAt, Instant now);

    /** The secrets rotations replaced, for every kind. */
    SupersededSecrets superseded();

    /**
     * The longest grace a rotation may give a token of this workspace (null: a PAT bound to none):
     * {@code latchkey.tokens.max-grace}, lowered by the workspace's policy.
     */
    Duration maxGrace(UUID workspaceId);

    void audit(A caller, LifecycleEvent event, TokenKind kind, UUID tokenId, UUID workspaceId, UUID ownerUser,
               String details);

    RuntimeException notFound();

    RuntimeException badRequest(String field, String message);

    RuntimeException conflict(String message);
}
