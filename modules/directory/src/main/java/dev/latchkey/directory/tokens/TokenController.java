package dev.latchkey.directory.tokens;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.lifecycle.Issued;
import dev.latchkey.tokens.core.lifecycle.TokenDraft;
import dev.latchkey.tokens.core.lifecycle.TokenLifecycle;
import dev.latchkey.tokens.core.lifecycle.TokenRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The HTTP side of the one lifecycle, declared once for every kind: list, get, update, revoke,
 * revoke many, regenerate, rotate, copy and create, each with its sensitivity, its body and its answer. A
 * kind's controller extends this under its own path, names the path variable that picks the owner,
 * and adds only what differs: its create body (and the grant in it) and its view. Password confirmation is not here: the
 * confirmation filter enforces it for every route marked sensitive.
 *
 * @param <O> the owner of a set of tokens
 * @param <T> the stored row
 * @param <V> the kind's view of a token
 * @param <C> the kind's create body
 */
public abstract class TokenController<O, T extends TokenRow<T>, V, C extends TokenController.CreateBody> {
    private final TokenLifecycle<Caller, O, T> lifecycle;
    private final Clock clock;
    private final String ownerVariable;

    /** @param ownerVariable the path variable naming the owner, or null when the caller is the owner */
    protected TokenController(TokenLifecycle<Caller, O, T> lifecycle, Clock clock, @Nullable String ownerVariable) {
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.ownerVariable = ownerVariable;
    }

    /**
     * A token as the API shows it: the kind's view, then, while a rotation's grace runs, the hint of
     * the previous secret and when it stops working (both null otherwise), and the state a use of the
     * token would meet now: {@code status} says where it is in its life (active, expired, revoked),
     * {@code effectiveState} also says when a live token is refused anyway ({@code policy_denied},
     * {@code subject_inactive}, {@code pending_approval}, {@code approval_denied}), so no client has to work it out.
     */
    @Serdeable
    public record Shown<V>(@JsonUnwrapped V view, @Nullable String previousHint, @Nullable Instant previousValidUntil,
                           String effectiveState) {
    }

    /** A token with its secret: the answer to create, regenerate, rotate and copy, and only to them. */
    @Serdeable
    public record IssuedView<V>(@JsonUnwrapped Shown<V> view, String token) {
        /** The secret must never reach a log line through a default toString. */
        @Override
        public String toString() {
            return "IssuedView[secret withheld]";
        }
    }

    /** The settings every kind's create body has; the kind's body adds its grant. */
    public interface CreateBody {
        @Nullable
        String name();

        @Nullable
        String note();

        @Nullable
        List<String> ipRestrictions();

        @Nullable
        String expiration();

        @Nullable
        Instant expiresAt();
    }

    /** The grant a create body asks for, validated against the owner when the lifecycle mints. */
    protected abstract TokenLifecycle.Grant<O, T> grant(Caller caller, C body);

    /** The view of one token, for the caller managing the tokens of {@code ownerRef}. */
    protected abstract V view(Caller caller, @Nullable String ownerRef, T token, Instant now);

    /** One page of the owner's views; a kind whose views read more than the rows reads it at once here. */
    protected Page<V> page(Caller caller, O owner, List<T> rows, PageRequest page, Instant now) {
        return Page.of(rows, page, TokenRow::id, t -> view(caller, null, t, now));
    }

    @Get
    @Operation(summary = "List the tokens")
    public Page<Shown<V>> list(Caller caller, HttpRequest<?> request, @Nullable @QueryValue String state,
                               @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        Instant now = clock.instant();
        return lifecycle.list(caller, owner(request), state, page.after(), page.fetchSize(), (owner, rows) -> {
            Page<V> views = page(caller, owner, rows, page, now);
            // what each token shows besides its row is read for the whole page at once, not per token
            List<T> listed = rows.subList(0, views.items().size());
            List<String> states = lifecycle.effectiveStates(listed, now);
            Map<UUID, SupersededSecrets.Superseded> graces = lifecycle.graces(listed, now);
            List<Shown<V>> shown = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                shown.add(shown(views.items().get(i), states.get(i), Optional.ofNullable(graces.get(listed.get(i).id()))));
            }
            return new Page<>(shown, views.nextCursor());
        });
    }

    @Post
    @Operation(summary = "Create a token")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "created; the token string is in this response only")
    public HttpResponse<IssuedView<V>> create(Caller caller, HttpRequest<?> request, @Valid @Body C body) {
        String ref = owner(request);
        TokenDraft draft = new TokenDraft(body.name(), body.note(), body.ipRestrictions(), body.expiration(),
                body.expiresAt());
        return HttpResponse.created(issued(caller, ref, lifecycle.create(caller, ref, draft, grant(caller, body))));
    }

    @Post("/revoke")
    @Operation(summary = "Revoke several tokens")
    @Sensitive("revokes tokens in bulk")
    public TokenBodies.Revoked revokeMany(Caller caller, HttpRequest<?> request,
                                          @Valid @Body TokenBodies.RevokeMany body) {
        return TokenBodies.Revoked.of(lifecycle.revokeMany(caller, owner(request), body.ids()));
    }

    @Get("/{id}")
    @Operation(summary = "Show a token")
    public Shown<V> get(Caller caller, HttpRequest<?> request, @PathVariable String id) {
        String ref = owner(request);
        return shown(caller, ref, lifecycle.get(caller, ref, id));
    }

    @Patch("/{id}")
    @Operation(summary = "Change a token's name, note or IP restrictions")
    @SensitiveWhen("clearing or widening the token's IP restrictions")
    public Shown<V> update(Caller caller, HttpRequest<?> request, @PathVariable String id,
                           @Valid @Body TokenBodies.Update body) {
        String ref = owner(request);
        return shown(caller, ref, lifecycle.update(caller, ref, id, body.name(), body.note(), body.ipRestrictions()));
    }

    @Delete("/{id}")
    @Operation(summary = "Revoke a token")
    @Sensitive("revokes a token")
    @Status(HttpStatus.NO_CONTENT)
    public void revoke(Caller caller, HttpRequest<?> request, @PathVariable String id) {
        lifecycle.revoke(caller, owner(request), id);
    }

    @Post("/{id}/regenerate")
    @Operation(summary = "Regenerate a token (new secret at once, same grant)")
    @Sensitive("mints a new secret")
    public IssuedView<V> regenerate(Caller caller, HttpRequest<?> request, @PathVariable String id,
                                    @Valid @Nullable @Body TokenBodies.Expiry body) {
        TokenBodies.Expiry b = TokenBodies.Expiry.orNone(body);
        String ref = owner(request);
        return issued(caller, ref, lifecycle.regenerate(caller, ref, id, b.expiration(), b.expiresAt()));
    }

    /**
     * A new secret without downtime: the old one keeps working for {@code graceSeconds} (see
     * {@link TokenLifecycle#rotate}); regenerate is the one that kills it at once.
     */
    @Post("/{id}/rotate")
    @Operation(summary = "Rotate a token (new secret, the old one works for a grace period)")
    @Sensitive("mints a new secret")
    public IssuedView<V> rotate(Caller caller, HttpRequest<?> request, @PathVariable String id,
                                @Valid @Nullable @Body TokenBodies.Rotate body) {
        TokenBodies.Rotate b = TokenBodies.Rotate.orNone(body);
        String ref = owner(request);
        return issued(caller, ref, lifecycle.rotate(caller, ref, id, b.expiration(), b.expiresAt(), b.graceSeconds()));
    }

    @Post("/{id}/copy")
    @Operation(summary = "Create a new token with the settings of this one")
    @Sensitive("mints a token")
    @Status(HttpStatus.CREATED) // documents the body of the 201
    @ApiResponse(responseCode = "201", description = "a new token with the same settings and grant; its string is in this response only")
    public HttpResponse<IssuedView<V>> copy(Caller caller, HttpRequest<?> request, @PathVariable String id,
                                            @Valid @Nullable @Body TokenBodies.Copy body) {
        TokenBodies.Copy b = TokenBodies.Copy.orNone(body);
        String ref = owner(request);
        return HttpResponse.created(issued(caller, ref,
                lifecycle.copy(caller, ref, id, b.name(), b.expiration(), b.expiresAt())));
    }

    private IssuedView<V> issued(Caller caller, @Nullable String ownerRef, Issued<T> issued) {
        return new IssuedView<>(shown(caller, ownerRef, issued.token()), issued.secret());
    }

    private Shown<V> shown(Caller caller, @Nullable String ownerRef, T token) {
        Instant now = clock.instant();
        return shown(view(caller, ownerRef, token, now), lifecycle.effectiveState(token, now), lifecycle.grace(token, now));
    }

    private static <V> Shown<V> shown(V view, String state, Optional<SupersededSecrets.Superseded> grace) {
        return grace.map(g -> new Shown<>(view, g.hint(), g.validUntil(), state))
                .orElseGet(() -> new Shown<>(view, null, null, state));
    }

    private String owner(HttpRequest<?> request) {
        if (ownerVariable == null) {
            return null;
        }
        return BasicHttpAttributes.getRouteMatchInfo(request)
                .map(m -> m.getVariableValues().get(ownerVariable))
                .map(Object::toString)
                .orElseThrow(() -> new IllegalStateException("no path variable " + ownerVariable));
    }
}
