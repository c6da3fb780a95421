package dev.latchkey.app.security;

import dev.latchkey.app.web.Problems;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.access.Sensitive;
import dev.latchkey.directory.access.SensitiveWhen;
import dev.latchkey.directory.common.ProblemException;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The one place that enforces the password confirmation for every route. A route marked
 * {@link Sensitive} is refused to a login session outside the sudo window unless
 * {@code X-Confirm-Password} carries the password; on a {@link SensitiveWhen} route a password that
 * was sent is checked here too (a wrong one is a failed login wherever it is sent), and the service
 * decides whether the change at hand needed one. Tokens are never asked: they have no password.
 * Runs after authentication; the password is hashed on the blocking pool, and only for these
 * routes, so the token-checking hot path never waits here.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
class ConfirmationFilter implements HttpServerFilter {
    private final CallerBinder callers;
    private final Confirmations confirmations;
    private final Scheduler blocking;

    ConfirmationFilter(CallerBinder callers, Confirmations confirmations,
                       @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.callers = callers;
        this.confirmations = confirmations;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<AnnotationMetadata> route = RouteAttributes.getRouteMatch(request)
                .map(r -> r.getRouteInfo().getAnnotationMetadata());
        boolean always = route.map(r -> r.hasAnnotation(Sensitive.class)).orElse(false);
        boolean sometimes = route.map(r -> r.hasAnnotation(SensitiveWhen.class)).orElse(false);
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        String password = request.getHeaders().get(Confirmations.HEADER);
        if ((!always && !(sometimes && password != null)) || authentication.isEmpty() || isToken(authentication.get())) {
            return chain.proceed(request);
        }
        return Mono.fromCallable(() -> refusal(callers.toCaller(authentication.get(), request), password, request))
                .subscribeOn(blocking)
                .flatMap(refused -> refused.isPresent() ? Mono.just(refused.get()) : Mono.from(chain.proceed(request)));
    }

    private Optional<MutableHttpResponse<?>> refusal(Caller caller, String password, HttpRequest<?> request) {
        try {
            if (password != null) {
                confirmations.confirm(caller, password);
                Confirmations.markConfirmed(request);
            } else {
                confirmations.require(caller, null);
            }
            return Optional.empty();
        } catch (ProblemException e) {
            return Optional.of(Problems.response(e.status(), e.type(), e.detail(), e.extensions()));
        }
    }

    private static boolean isToken(Authentication authentication) {
        return authentication.getAttributes().containsKey(LatchkeyTokenFetcher.PRINCIPAL_ATTRIBUTE);
    }
}
