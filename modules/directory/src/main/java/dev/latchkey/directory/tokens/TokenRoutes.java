package dev.latchkey.directory.tokens;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.tokens.core.lifecycle.Issued;
import dev.latchkey.tokens.core.lifecycle.TokenDraft;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The HTTP side of the one lifecycle, the same for every kind: each kind's controller declares its
 * routes (paths, path variables, its create body, the sensitivity of each) and hands them to one of these, so
 * paging, the views, the bodies and the "secret only in this response" answers are written once.
 * Password confirmation is not here: the confirmation filter enforces it for every sensitive route.
 *
 * @param <O> the owner of a set of tokens
 * @param <T> the stored row
 * @param <V> the kind's view of a token
 */
public final class TokenRoutes<O, T extends TokenRow<T>, V> {
    private final TokenLifecycle<Caller, O, T> lifecycle;
    private final Clock clock;
    private final View<T, V> view;
    private final Pager<O, T, V> pager;

    /** The view of one token, for the caller managing the tokens of {@code ownerRef}. */
    @FunctionalInterface
    public interface View<T, V> {
        V of(Caller caller, @Nullable String ownerRef, T token, Instant now);
    }

    /** One page of the owner's views, for a kind whose views read more than the rows. */
    @FunctionalInterface
    public interface Pager<O, T, V> {
        Page<V> of(Caller caller, O owner, List<T> rows, PageRequest page, Instant now);
    }

    public TokenRoutes(TokenLifecycle<Caller, O, T> lifecycle, Clock clock, View<T, V> view) {
        this(lifecycle, clock, view, (caller, owner, rows, page, now) ->
                Page.of(rows, page, TokenRow::id, t -> view.of(caller, null, t, now)));
    }

    public TokenRoutes(TokenLifecycle<Caller, O, T> lifecycle, Clock clock, View<T, V> view, Pager<O, T, V> pager) {
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.view = view;
        this.pager = pager;
    }

    /** A token with its secret: the answer to create, regenerate and copy, and only to them. */
    @Serdeable
    public record IssuedView<V>(@JsonUnwrapped V view, String token) {
        /** The secret must never reach a log line through a default toString. */
        @Override
        public String toString() {
            return "IssuedView[secret withheld]";
        }
    }

    /** The common settings of a create body; the kind's grant comes separately. */
    public static TokenDraft draft(@Nullable String name, @Nullable String note, @Nullable List<String> ipRestrictions,
                                   @Nullable String expiration, @Nullable Instant expiresAt) {
        return new TokenDraft(name, note, ipRestrictions, expiration, expiresAt);
    }

    public Page<V> list(Caller caller, @Nullable String ownerRef, @Nullable String state, @Nullable Integer limit,
                           @Nullable String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        Instant now = clock.instant();
        return lifecycle.list(caller, ownerRef, state, page.after(), page.fetchSize(),
                (owner, rows) -> pager.of(caller, owner, rows, page, now));
    }

    public HttpResponse<IssuedView<V>> create(Caller caller, @Nullable String ownerRef, TokenDraft draft,
                                                 TokenLifecycle.Grant<O, T> grant) {
        return HttpResponse.created(issued(caller, ownerRef, lifecycle.create(caller, ownerRef, draft, grant)));
    }

    public TokenBodies.Revoked revokeMany(Caller caller, @Nullable String ownerRef, TokenBodies.RevokeMany body) {
        return TokenBodies.Revoked.of(lifecycle.revokeMany(caller, ownerRef, body.ids()));
    }

    public V get(Caller caller, @Nullable String ownerRef, String id) {
        return view.of(caller, ownerRef, lifecycle.get(caller, ownerRef, id), clock.instant());
    }

    public V update(Caller caller, @Nullable String ownerRef, String id, TokenBodies.Update body) {
        return view.of(caller, ownerRef, lifecycle.update(caller, ownerRef, id, body.name(), body.note(),
                body.ipRestrictions()), clock.instant());
    }

    public void revoke(Caller caller, @Nullable String ownerRef, String id) {
        lifecycle.revoke(caller, ownerRef, id);
    }

    public IssuedView<V> regenerate(Caller caller, @Nullable String ownerRef, String id,
                                       @Nullable TokenBodies.Expiry body) {
        TokenBodies.Expiry b = TokenBodies.Expiry.orNone(body);
        return issued(caller, ownerRef, lifecycle.regenerate(caller, ownerRef, id, b.expiration(), b.expiresAt()));
    }

    public HttpResponse<IssuedView<V>> copy(Caller caller, @Nullable String ownerRef, String id,
                                               @Nullable TokenBodies.Copy body) {
        TokenBodies.Copy b = TokenBodies.Copy.orNone(body);
        return HttpResponse.created(issued(caller, ownerRef,
                lifecycle.copy(caller, ownerRef, id, b.name(), b.expiration(), b.expiresAt())));
    }

    private IssuedView<V> issued(Caller caller, @Nullable String ownerRef, Issued<T> issued) {
        return new IssuedView<>(view.of(caller, ownerRef, issued.token(), clock.instant()), issued.secret());
    }
}
