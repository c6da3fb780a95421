package dev.latchkey.app.security;

import dev.latchkey.authz.Principal;
import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.app.config.AuthSettings;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.filters.SecurityFilter;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates Latchkey tokens beside the JWT sessions: {@code Authorization: Bearer lk…},
 * {@code Authorization: Basic} with the token as the password (Git over HTTP), and
 * {@code ?access_token=} or its alias {@code ?session=} (CirrusGrid's name) only when switched on. Anything that is not a Latchkey token is left to
 * the JWT fetcher. A refused token leaves the request anonymous and records why, so the 401 can
 * say malformed, unknown, expired or revoked. The token string is never logged.
 */
@Singleton
public class LatchkeyTokenFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    public static final String PRINCIPAL_ATTRIBUTE = "latchkey.principal";
    /**
     * The rotate endpoints, the only places where a replayed old secret revokes its token (elsewhere
     * it is just refused as revoked: GitLab limited reuse detection so after revoking families that
     * were only retried at ordinary endpoints).
     */
    static final java.util.regex.Pattern ROTATE_PATH = java.util.regex.Pattern.compile(
            "/api/(tokens/self|.+/(tokens|personal-access-tokens)/[^/]+)/rotate/?");
    public static final String TOKEN_KIND_ATTRIBUTE = "latchkey.tokenKind";
    public static final String TOKEN_ID_ATTRIBUTE = "latchkey.tokenId";
    /** When the authenticating token expires (an {@link java.time.Instant}); absent for a token that never does. */
    public static final String TOKEN_EXPIRES_AT_ATTRIBUTE = "latchkey.tokenExpiresAt";
    /** The query parameters a token may travel in, under one switch ({@code latchkey.auth.query-parameter}). */
    static final List<String> QUERY_PARAMETERS = List.of("access_token", "session");
    /** Request attribute: the {@link Judged} answer of {@link #authenticateFromCache}. */
    private static final String JUDGED_ATTRIBUTE = "latchkey.token.judged";

    private final TokenAuthenticator tokens;
    private final TokenEvents events;
    private final ClientAddresses clientAddresses;
    private final LastUsedTracker lastUsed;
    private final Clock clock;
    private final boolean queryParameterAllowed;
    private final Scheduler blocking;

    public LatchkeyTokenFetcher(TokenAuthenticator tokens, TokenEvents events, ClientAddresses clientAddresses,
                                LastUsedTracker lastUsed, Clock clock,
                                AuthSettings settings,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.tokens = tokens;
        this.events = events;
        this.clientAddresses = clientAddresses;
        this.lastUsed = lastUsed;
        this.clock = clock;
        this.queryParameterAllowed = settings.queryParameter();
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    @Override
    public int getOrder() {
        // before the JWT fetcher: a Latchkey token is never handed to the JWT parser
        return -100;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (request.getAttribute(JUDGED_ATTRIBUTE).orElse(null) instanceof Judged judged) {
            // the hot-path filter judged this token already and left the answer to the route: the
            // token is judged, counted and its use recorded once per request
            return Mono.justOrEmpty(judged.authentication());
        }
        Optional<String> presented = presentedToken(request);
        if (presented.isEmpty()) {
            return Mono.empty();
        }
        RequestContext context = contextOf(request);
        // a busy token is answered from the caches right here; only a miss pays a hop to a thread that may block
        Optional<Optional<Authentication>> cached = fromCache(presented.get(), request, context);
        if (cached.isPresent()) {
            return Mono.justOrEmpty(cached.get());
        }
        return Mono.fromCallable(() -> handle(tokens.authenticate(presented.get(), context), request, context))
                .subscribeOn(blocking).flatMap(Mono::justOrEmpty);
    }

    /**
     * The request's authentication from this node's caches alone, for a filter on the event loop
     * ({@code HotPathFilter}): empty when no Latchkey token is presented or when judging it needs
     * storage (the security filter judges it then, as for any route); otherwise the same answer
     * {@link #fetchAuthentication} gives, refusal reasons and last use recorded the same way. The
     * answer stays on the request, so the security filter, if the route still runs, reuses it, and an
     * accepted token's authentication is where the security filter would put it.
     */
    public Optional<Optional<Authentication>> authenticateFromCache(HttpRequest<?> request) {
        Optional<String> presented = presentedToken(request);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        Optional<Optional<Authentication>> cached = fromCache(presented.get(), request, contextOf(request));
        cached.ifPresent(authentication -> {
            request.setAttribute(JUDGED_ATTRIBUTE, new Judged(authentication.orElse(null)));
            // where the security filter keeps it: a filter that answers before that filter runs leaves
            // it for the response filters that read it (the token's expiry header)
            authentication.ifPresent(a -> request.setAttribute(SecurityFilter.AUTHENTICATION, a));
        });
        return cached;
    }

    private RequestContext contextOf(HttpRequest<?> request) {
        return new RequestContext(clientAddresses.of(request), clock.instant());
    }

    /** Empty when the caches cannot judge the token; else its authentication (empty: refused, recorded on the request). */
    private Optional<Optional<Authentication>> fromCache(String token, HttpRequest<?> request, RequestContext context) {
        return tokens.authenticateCached(token, context).map(outcome -> handle(outcome, request, context));
    }

    /** A token already judged for this request: its authentication, null when it was refused. */
    private record Judged(@io.micronaut.core.annotation.Nullable Authentication authentication) {
    }

    /**
     * Authenticates a token that came some other way than a header (an OAuth client's
     * {@code client_secret} in a form body) exactly as a header's token is: same resolution, same
     * last-use record, same refusal reasons on the request. May block: call it off the event loop.
     */
    public Optional<Authentication> authenticate(String token, HttpRequest<?> request) {
        if (!TokenFormat.looksLikeLatchkeyToken(token)) {
            return Optional.empty();
        }
        RequestContext context = contextOf(request);
        return handle(tokens.authenticate(token, context), request, context);
    }

    private Optional<Authentication> handle(TokenAuthenticator.Outcome outcome, HttpRequest<?> request,
                                            RequestContext context) {
        String clientIp = context.clientIp();
        if (outcome instanceof TokenAuthenticator.Unavailable) {
            request.setAttribute(ProblemAuthorizationExceptionHandler.UNAVAILABLE_ATTRIBUTE, Boolean.TRUE);
            return Optional.empty();
        }
        if (outcome instanceof TokenAuthenticator.Refused refused) {
            request.setAttribute(ProblemAuthorizationExceptionHandler.TOKEN_REFUSAL_ATTRIBUTE, refused.reason().code());
            if (refused.reason() == RefusalReason.SUPERSEDED && ROTATE_PATH.matcher(request.getPath()).matches()) {
                // reuse detection (OAuth 2.0 Security BCP): a secret a rotation replaced, replayed at a
                // rotate endpoint after its grace, means two holders; the whole family goes
                events.reuseDetected(refused, clientIp, ClientAddresses.userAgent(request));
            }
            events.refusedAtUse(refused, clientIp, ClientAddresses.userAgent(request));
            return Optional.empty();
        }
        TokenAuthenticator.Accepted accepted = (TokenAuthenticator.Accepted) outcome;
        lastUsed.record(new LastUse(accepted.kind(), accepted.tokenId(), context.now(), clientIp));
        Principal principal = accepted.resolution().principal();
        Map<String, Object> attributes = new HashMap<>(Map.of(
                PRINCIPAL_ATTRIBUTE, principal,
                TOKEN_KIND_ATTRIBUTE, accepted.kind(),
                TOKEN_ID_ATTRIBUTE, accepted.tokenId()));
        if (accepted.resolution().expiresAt() != null) {
            attributes.put(TOKEN_EXPIRES_AT_ATTRIBUTE, accepted.resolution().expiresAt());
        }
        return Optional.of(Authentication.build(principal.subjectId().toString(), List.of(), attributes));
    }

    /** The Latchkey token this request presents, if any, without judging it yet. */
    Optional<String> presentedToken(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String value = authorization.substring(7).trim();
                return TokenFormat.looksLikeLatchkeyToken(value) ? Optional.of(value) : Optional.empty();
            }
            if (BasicCredentials.isBasic(authorization)) {
                return BasicCredentials.password(authorization).filter(TokenFormat::looksLikeLatchkeyToken);
            }
            return Optional.empty();
        }
        if (queryParameterAllowed) {
            for (String name : QUERY_PARAMETERS) {
                Optional<String> value = request.getParameters().getFirst(name).filter(TokenFormat::looksLikeLatchkeyToken);
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }
}
