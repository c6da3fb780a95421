package dev.latchkey.app.security;

import dev.latchkey.authz.Principal;
import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.MalformedTokenException;
import dev.latchkey.tokens.core.ParsedToken;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenResolver;
import io.micronaut.context.annotation.Value;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates Latchkey tokens beside the JWT sessions: {@code Authorization: Bearer lk…},
 * {@code Authorization: Basic} with the token as the password (Git over HTTP), and
 * {@code ?access_token=} only when switched on. Anything that is not a Latchkey token is left to
 * the JWT fetcher. A refused token leaves the request anonymous and records why, so the 401 can
 * say malformed, unknown, expired or revoked. The token string is never logged.
 */
@Singleton
public class LatchkeyTokenFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    public static final String PRINCIPAL_ATTRIBUTE = "latchkey.principal";
    public static final String TOKEN_KIND_ATTRIBUTE = "latchkey.tokenKind";
    public static final String TOKEN_ID_ATTRIBUTE = "latchkey.tokenId";

    private final Map<dev.latchkey.tokens.core.TokenKind, TokenResolver> resolvers;
    private final ClientAddresses clientAddresses;
    private final LastUsedTracker lastUsed;
    private final Clock clock;
    private final boolean queryParameterAllowed;
    private final Scheduler blocking;

    public LatchkeyTokenFetcher(List<TokenResolver> resolvers, ClientAddresses clientAddresses, LastUsedTracker lastUsed,
                                Clock clock, @Value("${latchkey.auth.query-parameter:false}") boolean queryParameterAllowed,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.resolvers = new EnumMap<>(dev.latchkey.tokens.core.TokenKind.class);
        resolvers.forEach(r -> this.resolvers.put(r.kind(), r));
        this.clientAddresses = clientAddresses;
        this.lastUsed = lastUsed;
        this.clock = clock;
        this.queryParameterAllowed = queryParameterAllowed;
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
        return Mono.fromCallable(() -> authenticate(presented.get(), request)).subscribeOn(blocking)
                .flatMap(Mono::justOrEmpty);
    }

    private Optional<Authentication> authenticate(String raw, HttpRequest<?> request) {
        ParsedToken token;
        try {
            token = TokenFormat.parse(raw);
        } catch (MalformedTokenException e) {
            return refuse(request, RefusalReason.MALFORMED);
        }
        TokenResolver resolver = resolvers.get(token.kind());
        if (resolver == null) {
            return refuse(request, RefusalReason.UNKNOWN);
        }
        String clientIp = clientAddresses.of(request);
        RequestContext context = new RequestContext(clientIp, clock.instant());
        TokenResolution resolution;
        try {
            resolution = resolver.resolve(token, context);
        } catch (RuntimeException e) {
            // fail closed: whatever broke (the database, most likely), the token is not accepted
            request.setAttribute(ProblemAuthorizationExceptionHandler.UNAVAILABLE_ATTRIBUTE, Boolean.TRUE);
            org.slf4j.LoggerFactory.getLogger(LatchkeyTokenFetcher.class)
                    .warn("token resolution failed ({}), refusing: {}", token, e.toString());
            return Optional.empty();
        }
        if (resolution instanceof TokenResolution.Refused refused) {
            return refuse(request, refused.reason());
        }
        TokenResolution.Accepted accepted = (TokenResolution.Accepted) resolution;
        lastUsed.record(new LastUse(token.kind(), accepted.tokenId(), context.now(), clientIp));
        Principal principal = accepted.principal();
        return Optional.of(Authentication.build(principal.subjectId().toString(), List.of(), Map.of(
                PRINCIPAL_ATTRIBUTE, principal,
                TOKEN_KIND_ATTRIBUTE, token.kind(),
                TOKEN_ID_ATTRIBUTE, accepted.tokenId())));
    }

    private static Optional<Authentication> refuse(HttpRequest<?> request, RefusalReason reason) {
        request.setAttribute(ProblemAuthorizationExceptionHandler.TOKEN_REFUSAL_ATTRIBUTE, reason.code());
        return Optional.empty();
    }

    /** The Latchkey token this request presents, if any, without judging it yet. */
    Optional<String> presentedToken(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String value = authorization.substring(7).trim();
                return TokenFormat.looksLikeLatchkeyToken(value) ? Optional.of(value) : Optional.empty();
            }
            if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return basicPassword(authorization.substring(6).trim()).filter(TokenFormat::looksLikeLatchkeyToken);
            }
            return Optional.empty();
        }
        if (queryParameterAllowed) {
            return request.getParameters().getFirst("access_token").filter(TokenFormat::looksLikeLatchkeyToken);
        }
        return Optional.empty();
    }

    private static Optional<String> basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
