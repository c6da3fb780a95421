package dev.latchkey.tokens.core.lifecycle;

import dev.latchkey.tokens.core.ExpiryPreset;
import dev.latchkey.tokens.core.StoredTokenResolver;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenState;
import dev.latchkey.tokens.core.OwnedTokenTable;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What one kind of token contributes to {@link TokenLifecycle}: whose tokens a caller manages
 * (the owner), the storage of its rows, who may hand out its grant, and how its audit entries
 * describe a token. Everything else about "a token" is the lifecycle's, written once.
 *
 * @param <A> the caller
 * @param <O> the owner of a set of tokens (a user, a workspace, a service user)
 * @param <T> the stored row
 */
public interface TokenKindPort<A, O, T extends TokenRow<T>> {
    TokenKind kind();

    /**
     * The owner whose tokens {@code caller} manages under {@code ref} (a workspace id or slug, a
     * service user id; null for "my own"); refuses (404 unknown or out of reach, 403 missing
     * permission) when it may not manage them.
     */
    O owner(A caller, String ref);

    /** The owner of a token found by id alone (a token rotating itself). */
    O ownerOf(T token);

    /** The kind's table: every read names the owner, and the lifecycle inserts and updates rows there. */
    OwnedTokenTable<O, T> table();

    /** Every look-up names the owner: a token of another owner is not found. */
    default Optional<T> find(O owner, UUID id) {
        return table().find(owner, id);
    }

    /** Locks the row, so regenerate and revoke of one token are serialized and two secrets are never live. */
    default Optional<T> findForUpdate(O owner, UUID id) {
        return table().findForUpdate(owner, id);
    }

    default List<T> findAll(O owner, Collection<UUID> ids) {
        return table().findAll(owner, ids);
    }

    /** Rows with id after {@code after}, in id order, at most {@code limit}; {@code state} null = every state. */
    default List<T> page(O owner, TokenState state, UUID after, Instant now, int limit) {
        return table().page(owner, state, after, now, limit);
    }

    default T insert(T row) {
        return table().save(row);
    }

    default T update(T row) {
        return table().update(row);
    }

    /** A new row with {@code source}'s grant and subject and the given common fields. */
    T copyOf(A caller, T source, NewToken fields);

    /**
     * Who may mint what: refuses (403) when {@code caller} may not hand out {@code token}'s grant
     * now. Checked at create, regenerate and copy, since a fresh secret is a fresh hand-out.
     */
    void requireMayHandOut(A caller, O owner, T token);

    /** The cache of this kind's resolutions; the lifecycle evicts a token whenever it changes it. */
    StoredTokenResolver<T, ?> resolver();

    /** What the audit trail says about the token besides the action (its grant, never a secret). */
    String describe(T token);

    /** The user whose own log also shows the token's events (a PAT's user); null for none. */
    default UUID ownerUser(T token) {
        return null;
    }

    /** Refuses a new token (create, copy) when the owner is at its cap of live tokens; regenerate replaces in place. */
    default void requireRoom(O owner, Instant now) {
    }

    /** The expiry of a token created with neither a preset nor a date. */
    default ExpiryPreset defaultExpiration() {
        return ExpiryPreset.DEFAULT;
    }

    /** The name of a token created without one; null means a name is required. */
    default String defaultName(String note) {
        return null;
    }
}
