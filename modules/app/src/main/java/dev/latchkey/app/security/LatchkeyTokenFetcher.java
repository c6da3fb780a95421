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
        Optional<String> presented = presentedToken(request);
        if (presented.isEmpty()) {
            return Mono.empty();
        }
        String clientIp = clientAddresses.of(request);
        RequestContext context = new RequestContext(clientIp, clock.instant());
        // a busy token is answered from the caches right here; only a miss pays a hop to a thread that may block
        Optional<TokenAuthenticator.Outcome> cached = tokens.authenticateCached(presented.get(), context);
        if (cached.isPresent()) {
            return Mono.justOrEmpty(handle(cached.get(), request, context));
        }
        return Mono.fromCallable(() -> handle(tokens.authenticate(presented.get(), context), request, context))
                .subscribeOn(blocking).flatMap(Mono::justOrEmpty);
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
        RequestContext context = new RequestContext(clientAddresses.of(request), clock.instant());
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
