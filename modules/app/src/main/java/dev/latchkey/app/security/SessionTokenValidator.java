package dev.latchkey.app.security;

import com.nimbusds.jwt.JWT;
import dev.latchkey.directory.user.Session;
import dev.latchkey.directory.user.Sessions;
import dev.latchkey.tokens.core.TokenFormat;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The one validator of login-session JWTs (Micronaut's own reactive one is switched off:
 * {@code micronaut.security.token.jwt.nimbus.reactive-validator: false}). A JWT becomes a session
 * only if its signature and Micronaut's claim checks pass, {@link SessionRules} admit it, and
 * {@link Sessions} say its user is an active human and the session has not been ended. Anything
 * else leaves the request anonymous, exactly like a bad signature. The admitted {@link Session}
 * rides along as an attribute for logout and password change.
 */
@Singleton
class SessionTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final JsonWebTokenValidator<JWT, HttpRequest<?>> jwts;
    private final JwtAuthenticationFactory authentications;
    private final SessionRules rules;
    private final Sessions sessions;
    private final Clock clock;
    private final Scheduler blocking;

    SessionTokenValidator(JsonWebTokenValidator<JWT, HttpRequest<?>> jwts, JwtAuthenticationFactory authentications,
                          SessionRules rules, Sessions sessions, Clock clock,
                          @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.jwts = jwts;
        this.authentications = authentications;
        this.rules = rules;
        this.sessions = sessions;
        this.clock = clock;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (TokenFormat.looksLikeLatchkeyToken(token)) {
            return Mono.empty();
        }
        Optional<JWT> jwt = jwts.validate(token, request);
        Optional<Session> session = jwt.flatMap(j -> rules.admit(j, clock.instant()));
        if (session.isEmpty()) {
            return Mono.empty();
        }
        // a busy session is judged from the caches right here; only a miss pays a hop to a thread that may block
        Mono<Boolean> admits = sessions.admitsIfCached(session.get()).map(Mono::just)
                .orElseGet(() -> Mono.fromCallable(() -> sessions.admits(session.get()))
                        .subscribeOn(blocking)
                        .onErrorResume(e -> {
                            // the database is needed to judge a session; refuse with 503, never admit blindly
                            request.setAttribute(ProblemAuthorizationExceptionHandler.UNAVAILABLE_ATTRIBUTE, Boolean.TRUE);
                            return Mono.just(false);
                        }));
        return admits
                .filter(Boolean::booleanValue)
                .flatMap(admitted -> Mono.justOrEmpty(authentications.createAuthentication(jwt.get())))
                .map(authentication -> {
                    Map<String, Object> attributes = new HashMap<>(authentication.getAttributes());
                    attributes.put(Session.ATTRIBUTE, session.get());
                    return Authentication.build(authentication.getName(), authentication.getRoles(), attributes);
                });
    }
}
