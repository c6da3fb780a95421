package dev.latchkey.tokens.core.lifecycle;

import dev.latchkey.tokens.core.Expiry;
import dev.latchkey.tokens.core.IpRestrictions;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenNames;
import dev.latchkey.tokens.core.TokenState;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The life of a token of any kind, written once: create, list by state, get, update, regenerate,
 * copy, revoke one, revoke many. Each operation states its rules in order, the same for every kind:
 * whose tokens (the port's owner), the password confirmation, the common settings (name, note, IP
 * restrictions, expiry), the workspace's lifetime policy, who may hand out the grant, then the
 * change, the cache eviction and the audit entry. A kind contributes only its {@link TokenKindPort}
 * (its owner, rows, grant and description), so a rule fixed here is fixed for all three kinds.
 *
 * <p>The password confirmation of everything that creates a credential or removes a control
 * (create, regenerate, copy, revoke) is the HTTP layer's, one filter for every route marked
 * sensitive; the lifecycle only decides the one case that depends on the change itself, an update
 * that clears or widens the IP restrictions ({@link LifecycleSupport#requireConfirmationIf}).
 * Regenerate and copy keep the token's lifetime unless a new expiry is given (a 7-day token
 * regenerated lives 7 more days), as Buddy's tokens do.
 */
public final class TokenLifecycle<A, O, T extends TokenRow<T>> {
    public static final int MAX_BULK_REVOKE = 100;

    private final TokenKindPort<A, O, T> port;
    private final LifecycleSupport<A> support;
    private final TokenIssuer issuer;

    public TokenLifecycle(TokenKindPort<A, O, T> port, LifecycleSupport<A> support, TokenIssuer issuer) {
        this.port = Objects.requireNonNull(port, "port");
        this.support = Objects.requireNonNull(support, "support");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The kind's grant, applied to the validated common fields: parses and checks what the client asked for. */
    @FunctionalInterface
    public interface Grant<O, T> {
        T mint(O owner, NewToken fields);
    }

    public Issued<T> create(A caller, String ownerRef, TokenDraft draft, Grant<O, T> grant) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            Instant now = support.now();
            port.requireRoom(owner, now);
            String note = TokenNames.note(draft.note());
            String name = TokenNames.requireValid(draft.name() != null ? draft.name() : port.defaultName(note));
            IpRestrictions ips = IpRestrictions.parse(draft.ipRestrictions());
            Instant expiresAt = expiry(draft.expiration(), draft.expiresAt(), null, now);
            IssuedToken secret = issuer.issue(port.kind());
            T row = grant.mint(owner, new NewToken(support.newId(), name, note, secret, ips.storageForm(), now, expiresAt));
            checkLifetime(row, now);
            port.requireMayHandOut(caller, owner, row);
            T saved = port.insert(row);
            audit(caller, LifecycleEvent.CREATED, saved, port.describe(saved));
            return new Issued<>(saved, secret.token());
        });
    }

    /**
     * One page of the owner's tokens, {@code limit + 1} rows to tell whether another page follows;
     * {@code state} is {@code active}, {@code expired}, {@code revoked} or null for all.
     */
    public <P> P list(A caller, String ownerRef, String state, UUID after, int fetchSize,
                      BiFunction<O, List<T>, P> page) {
        O owner = port.owner(caller, ownerRef);
        TokenState filter = state == null ? null : TokenState.fromCode(state).orElseThrow(() ->
                support.badRequest("state", "state must be one of active, expired, revoked"));
        return page.apply(owner, port.page(owner, filter, after, support.now(), fetchSize));
    }

    public T get(A caller, String ownerRef, String id) {
        return find(port.owner(caller, ownerRef), id);
    }

    /** Name, note and IP restrictions; the grant of a token never changes (copy or mint a new one instead). */
    public T update(A caller, String ownerRef, String id, String name, String note, List<String> ipRestrictions) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            T token = findForUpdate(owner, id);
            String newIps = token.ipRestrictions();
            if (ipRestrictions != null) {
                newIps = IpRestrictions.parse(ipRestrictions).storageForm();
                support.requireConfirmationIf(caller, widens(token.ipRestrictions(), newIps));
            }
            T updated = port.update(token.withDetails(name == null ? token.name() : TokenNames.requireValid(name),
                    note == null ? token.note() : TokenNames.note(note), newIps, support.now()));
            port.resolver().evict(token.tokenHash());
            audit(caller, LifecycleEvent.UPDATED, updated, changes(token, updated) + "; " + port.describe(updated));
            return updated;
        });
    }

    /**
     * New secret, same id and grant, without downtime: the old secret keeps working for
     * {@code graceSeconds} (0: it dies at once; at most {@link LifecycleSupport#maxGrace}), and
     * stays known after that, so that replaying it at a rotate endpoint is recognized. One rotation
     * at a time: while an earlier rotation's grace runs, another is refused (409), so two racing
     * rotations never leave two live new secrets. Without a new expiry the token keeps its lifetime.
     */
    public Issued<T> rotate(A caller, String ownerRef, String id, String expiration, Instant expiresAt,
                            Long graceSeconds) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            return rotateRow(caller, owner, findForUpdate(owner, id), expiration, expiresAt, graceSeconds);
        });
    }

    /**
     * The token rotates itself ({@code POST /api/tokens/self/rotate}): the caller is the token, which
     * the app has already checked holds {@code self-rotate}; the rules are {@link #rotate}'s.
     */
    public Issued<T> rotateSelf(A caller, UUID tokenId, String expiration, Instant expiresAt, Long graceSeconds) {
        return support.inTransaction(() -> {
            T token = port.table().findById(tokenId).orElseThrow(support::notFound);
            O owner = port.ownerOf(token);
            T locked = port.findForUpdate(owner, tokenId).orElseThrow(support::notFound);
            return rotateRow(caller, owner, locked, expiration, expiresAt, graceSeconds);
        });
    }

    private Issued<T> rotateRow(A caller, O owner, T token, String expiration, Instant expiresAt, Long graceSeconds) {
        requireLive(token, "rotated");
        Instant now = support.now();
        Duration grace = grace(graceSeconds, token.workspaceId());
        Optional<SupersededSecrets.Superseded> running = support.superseded()
                .ofForUpdate(port.kind(), token.id()).stream().filter(s -> s.liveAt(now)).findFirst();
        if (running.isPresent()) {
            throw support.conflict("the token is being rotated: its previous secret works until "
                    + running.get().validUntil() + "; rotate again after that, or regenerate to end it now");
        }
        Issued<T> issued = reissue(caller, owner, token, expiration, expiresAt, now);
        Instant validUntil = now.plus(grace);
        support.superseded().add(new SupersededSecrets.Superseded(port.kind(), token.id(), token.tokenHash(),
                token.hint(), now, validUntil));
        port.resolver().evictAll(token.id(), token.tokenHash());
        audit(caller, LifecycleEvent.ROTATED, issued.token(), "graceSeconds=" + grace.toSeconds()
                + "; previous secret until " + validUntil + "; expiresAt=" + issued.token().expiresAt() + "; "
                + port.describe(issued.token()));
        return issued;
    }

    /**
     * A new secret for a live token, the same steps for regenerate and rotate: the expiry asked for
     * (or the token's lifetime), the lifetime policy and the hand-out rule, then the stored row.
     */
    private Issued<T> reissue(A caller, O owner, T token, String expiration, Instant expiresAt, Instant now) {
        Instant newExpiry = expiry(expiration, expiresAt, token, now);
        IssuedToken secret = issuer.issue(port.kind());
        T next = token.withSecret(secret.hash(), secret.hint(), newExpiry, now);
        checkLifetime(next, now);
        port.requireMayHandOut(caller, owner, next);
        return new Issued<>(port.update(next), secret.token());
    }

    private void requireLive(T token, String done) {
        if (token.revokedAt() != null) {
            throw support.conflict("a revoked token cannot be " + done + "; create a new one");
        }
    }

    /** The grace asked for: none given is none; negative or over the workspace's maximum is refused. */
    private Duration grace(Long graceSeconds, UUID workspaceId) {
        if (graceSeconds == null || graceSeconds == 0) {
            return Duration.ZERO;
        }
        Duration max = support.maxGrace(workspaceId);
        if (graceSeconds < 0 || graceSeconds > max.toSeconds()) {
            throw support.badRequest("graceSeconds", "graceSeconds must be 0 to " + max.toSeconds()
                    + " (the longest grace allowed here)");
        }
        return Duration.ofSeconds(graceSeconds);
    }

    /**
     * What a use of the token would meet now, apart from the caller's address (see
     * {@link dev.latchkey.tokens.core.StoredTokenResolver#effectiveState}): every kind's lists show it.
     */
    public String effectiveState(T token, Instant now) {
        return port.resolver().effectiveState(token, now);
    }

    /** {@link #effectiveState} of every token of one page of a list, in order, read for the page at once. */
    public List<String> effectiveStates(List<T> tokens, Instant now) {
        return port.resolver().effectiveStates(tokens, now);
    }

    /** The previous secret of the token, while its grace runs. */
    public Optional<SupersededSecrets.Superseded> grace(T token, Instant now) {
        return token.revokedAt() != null ? Optional.empty()
                : support.superseded().inGrace(port.kind(), token.id(), now);
    }

    /** {@link #grace} of every token of one page of a list, in one read: token id -> its previous secret. */
    public Map<UUID, SupersededSecrets.Superseded> graces(List<T> tokens, Instant now) {
        return support.superseded().inGrace(port.kind(),
                tokens.stream().filter(t -> t.revokedAt() == null).map(TokenRow::id).toList(), now);
    }

    /**
     * New secret, same id and grant; the old secret (and any a rotation left in its grace) is dead before this returns. Without a new
     * expiry the token keeps its lifetime, counted from now.
     */
    public Issued<T> regenerate(A caller, String ownerRef, String id, String expiration, Instant expiresAt) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            T token = findForUpdate(owner, id);
            requireLive(token, "regenerated");
            Instant now = support.now();
            Issued<T> issued = reissue(caller, owner, token, expiration, expiresAt, now);
            support.superseded().endGraces(port.kind(), token.id(), now);
            port.resolver().evictAll(token.id(), token.tokenHash());
            audit(caller, LifecycleEvent.REGENERATED, issued.token(), "expiresAt=" + issued.token().expiresAt() + "; "
                    + port.describe(issued.token()));
            return issued;
        });
    }

    /** A new token with an existing one's grant, note, IP restrictions and lifetime: never a wider grant. */
    public Issued<T> copy(A caller, String ownerRef, String id, String name, String expiration, Instant expiresAt) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            T source = find(owner, id);
            Instant now = support.now();
            port.requireRoom(owner, now);
            String newName = name != null ? TokenNames.requireValid(name) : TokenNames.copyOf(source.name());
            Instant newExpiry = expiry(expiration, expiresAt, source, now);
            IssuedToken secret = issuer.issue(port.kind());
            T copy = port.copyOf(caller, source, new NewToken(support.newId(), newName, source.note(), secret,
                    source.ipRestrictions(), now, newExpiry));
            checkLifetime(copy, now);
            port.requireMayHandOut(caller, owner, copy);
            T saved = port.insert(copy);
            audit(caller, LifecycleEvent.COPIED, saved, "copied from " + source.id() + "; " + port.describe(saved));
            return new Issued<>(saved, secret.token());
        });
    }

    /** Revoked tokens are kept (revokedAt set) and never work again; revoking twice changes nothing. */
    public T revoke(A caller, String ownerRef, String id) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            return revokeRow(caller, findForUpdate(owner, id));
        });
    }

    /** Revokes the owner's tokens among {@code ids}; ids that are not the owner's are reported, not touched. */
    public BulkRevocation revokeMany(A caller, String ownerRef, List<String> ids) {
        return support.inTransaction(() -> {
            O owner = port.owner(caller, ownerRef);
            if (ids == null || ids.isEmpty() || ids.size() > MAX_BULK_REVOKE) {
                throw support.badRequest("ids", "ids must list 1 to " + MAX_BULK_REVOKE + " token ids");
            }
            Set<UUID> wanted = new LinkedHashSet<>();
            List<String> notFound = new ArrayList<>();
            for (String id : ids) {
                parse(id).ifPresentOrElse(wanted::add, () -> notFound.add(id));
            }
            List<UUID> revoked = new ArrayList<>();
            for (T token : wanted.isEmpty() ? List.<T>of() : port.findAll(owner, wanted)) {
                revokeRow(caller, token);
                revoked.add(token.id());
            }
            wanted.stream().filter(w -> !revoked.contains(w)).map(UUID::toString).forEach(notFound::add);
            return new BulkRevocation(revoked, notFound);
        });
    }

    /**
     * Revokes every live token of an owner that is going away (a deleted service user), audited
     * like any revocation; the caller has already been checked and confirmed for the removal.
     */
    public int revokeAllOf(A caller, O owner) {
        return support.inTransaction(() -> {
            int count = 0;
            UUID after = new UUID(0L, 0L);
            List<T> batch;
            do {
                batch = port.page(owner, null, after, support.now(), 200);
                for (T token : batch) {
                    revokeRow(caller, token);
                    count++;
                }
                after = batch.isEmpty() ? after : batch.get(batch.size() - 1).id();
            } while (batch.size() == 200);
            return count;
        });
    }

    private T revokeRow(A caller, T token) {
        T result = token;
        if (token.revokedAt() == null) {
            result = port.update(token.revoked(support.now()));
            audit(caller, LifecycleEvent.REVOKED, result, port.describe(result));
        }
        port.resolver().evictAll(token.id(), token.tokenHash());
        return result;
    }

    /**
     * The expiry asked for; with neither a preset nor a date, the lifetime of {@code keepFrom}
     * (regenerate, copy) or, for a new token, the kind's default.
     */
    private Instant expiry(String expiration, Instant expiresAt, T keepFrom, Instant now) {
        if (expiration == null && expiresAt == null) {
            if (keepFrom != null) {
                Duration lifetime = keepFrom.lifetime();
                return lifetime == null ? null : now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
            }
            return port.defaultExpiration().expiresAt(now).orElse(null);
        }
        return Expiry.resolve(expiration, expiresAt, now).orElse(null);
    }

    /** A token bound to a workspace obeys its lifetime policy whenever a secret is issued. */
    private void checkLifetime(T token, Instant now) {
        if (token.workspaceId() != null) {
            support.checkLifetime(token.workspaceId(), token.expiresAt(), now);
        }
    }

    private void audit(A caller, LifecycleEvent event, T token, String details) {
        support.audit(caller, event, port.kind(), token.id(), token.workspaceId(), port.ownerUser(token), details);
    }

    /** Clearing restrictions, or allowing an address the old ones did not, lets the token reach further. */
    static boolean widens(String before, String after) {
        return IpRestrictions.fromStorage(after).widens(IpRestrictions.fromStorage(before));
    }

    /** Which fields an update changed; names and notes are the user's own words, so only the field names. */
    private static String changes(TokenRow<?> before, TokenRow<?> after) {
        List<String> changed = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            changed.add("name");
        }
        if (!Objects.equals(before.note(), after.note())) {
            changed.add("note");
        }
        if (!Objects.equals(before.ipRestrictions(), after.ipRestrictions())) {
            changed.add("ipRestrictions=" + after.ipRestrictions());
        }
        return changed.isEmpty() ? "no change" : "changed " + String.join(", ", changed);
    }

    private T find(O owner, String id) {
        return parse(id).flatMap(uuid -> port.find(owner, uuid)).orElseThrow(support::notFound);
    }

    private T findForUpdate(O owner, String id) {
        return parse(id).flatMap(uuid -> port.findForUpdate(owner, uuid)).orElseThrow(support::notFound);
    }

    private Optional<UUID> parse(String id) {
        return support.parseId(id);
    }
}
