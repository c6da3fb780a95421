package dev.latchkey.tokens.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A kind's token table as the lifecycle reads it for an owner (a user, a workspace, a service
 * user): every read names the owner, so a token of another owner is not found (tenancy on every
 * query). Each kind's repository implements it once; the lifecycle's port answers through it.
 *
 * @param <O> the owner
 * @param <R> the stored row
 */
public interface OwnedTokenTable<O, R> extends TokenTable<R> {
    Optional<R> find(O owner, UUID id);

    /** Locks the row, so regenerate and revoke of one token are serialized and two secrets are never live. */
    Optional<R> findForUpdate(O owner, UUID id);

    List<R> findAll(O owner, Collection<UUID> ids);

    /** Rows with id after {@code after}, in id order, at most {@code limit}; {@code state} null = every state. */
    List<R> page(O owner, TokenState state, UUID after, Instant now, int limit);
}
