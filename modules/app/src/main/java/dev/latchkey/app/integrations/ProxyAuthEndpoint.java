package dev.latchkey.app.integrations;

import dev.latchkey.app.security.LatchkeyTokenFetcher;
import dev.latchkey.app.security.ProblemAuthorizationExceptionHandler;
import dev.latchkey.app.web.Problems;
import dev.latchkey.authz.Principal;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.app.observability.DomainMetrics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What every forward-auth endpoint shares. A proxy's auth subrequest is a copy of the client's
 * request: nginx {@code auth_request} keeps its method (git pushes with POST) and its
 * {@code Accept}/{@code Content-Type} ({@code application/x-git-upload-pack-result}). So these
 * endpoints answer every method and consume and produce anything: content negotiation would turn a
 * good token into a 405/406/415 that the proxy reports as an unexpected status (DESIGN "Forward-auth
 * for every proxy"). The answer is only ever 204, 401 (with challenges), 403 or 400.
 *
 * <p>Subclasses declare the {@code @Get} route (documented) and {@link #answer}; the other verbs
 * here route to it and are left out of the OpenAPI document.
 */
abstract class ProxyAuthEndpoint {
    static final String SUBJECT_HEADER = "X-Latchkey-Subject";
    static final String TOKEN_ID_HEADER = "X-Latchkey-Token-Id";

    private final Scheduler blocking;
    private final DomainMetrics metrics;
    /** This endpoint's fixed name in {@code latchkey_forward_auth_requests_total{endpoint}}. */
    private final String name;

    ProxyAuthEndpoint(ExecutorService blockingExecutor, DomainMetrics metrics, String name) {
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
        this.metrics = metrics;
        this.name = name;
    }

    /** What this request asks, read from it once, whatever its method. */
    abstract Question question(HttpRequest<?> request);

    /**
     * A forward-auth question: the verdict for a principal. {@link #cached} says whether deciding it
     * reads only this node's caches (then it is decided on the event loop, no thread hop).
     */
    interface Question {
        boolean cached();

        Verdict decide(Principal principal);

        /** The verdict if it can be reached from this node's caches alone; empty if it needs storage. */
        default Optional<Verdict> decideFromCache(Principal principal) {
            return cached() ? Optional.of(decide(principal)) : Optional.empty();
        }
    }

    /** The route's answer to this request, whatever its method. */
    Mono<HttpResponse<?>> answer(HttpRequest<?> request) {
        Question question = question(request);
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        Mono<HttpResponse<?>> answer = Mono.fromSupplier(() -> counted(respond(request, authentication, question::decide)));
        // a cache miss is answered on the blocking pool, never blocking the event loop
        return question.cached() ? answer : answer.subscribeOn(blocking);
    }

    /**
     * The same answer as {@link #answer}, for {@link HotPathFilter} on the event loop before the
     * security filter, the route's binding and its reactive wrapping: null when anything the decision
     * needs is not cached, or when it fails (the route then asks the same question again and answers
     * the error as it always does; the token's judgement is reused, not repeated).
     */
    @Nullable
    HttpResponse<?> answerFromCache(HttpRequest<?> request, @Nullable Authentication authentication) {
        Optional<Principal> principal = principalOf(authentication);
        if (principal.isEmpty()) {
            return counted(unauthorized(request));
        }
        Optional<Verdict> verdict;
        try {
            verdict = question(request).decideFromCache(principal.get());
        } catch (RuntimeException e) {
            return null;
        }
        return verdict.map(v -> counted(respond(request, authentication, asked -> v))).orElse(null);
    }

    @Hidden
    @Post(consumes = MediaType.ALL, produces = MediaType.ALL)
    @NotSensitive("a proxy asks whether to pass the request on; nothing changes here")
    Mono<HttpResponse<?>> post(HttpRequest<?> request) {
        return answer(request);
    }

    @Hidden
    @Put(consumes = MediaType.ALL, produces = MediaType.ALL)
    @NotSensitive("a proxy asks whether to pass the request on; nothing changes here")
    Mono<HttpResponse<?>> put(HttpRequest<?> request) {
        return answer(request);
    }

    @Hidden
    @Patch(consumes = MediaType.ALL, produces = MediaType.ALL)
    @NotSensitive("a proxy asks whether to pass the request on; nothing changes here")
    Mono<HttpResponse<?>> patch(HttpRequest<?> request) {
        return answer(request);
    }

    @Hidden
    @Delete(consumes = MediaType.ALL, produces = MediaType.ALL)
    @NotSensitive("a proxy asks whether to pass the request on; nothing changes here")
    Mono<HttpResponse<?>> delete(HttpRequest<?> request) {
        return answer(request);
    }

    @Hidden
    @Options(consumes = MediaType.ALL)
    Mono<HttpResponse<?>> options(HttpRequest<?> request) {
        return answer(request);
    }

    private HttpResponse<?> counted(HttpResponse<?> response) {
        DomainMetrics.ProxyOutcome outcome = switch (response.code()) {
            case 204 -> DomainMetrics.ProxyOutcome.ALLOWED;
            case 403 -> DomainMetrics.ProxyOutcome.DENIED;
            case 503 -> DomainMetrics.ProxyOutcome.UNAVAILABLE;
            default -> DomainMetrics.ProxyOutcome.UNAUTHENTICATED;
        };
        metrics.proxyAuth(name, outcome);
        return response;
    }

    private static HttpResponse<?> respond(HttpRequest<?> request, @Nullable Authentication authentication,
                                           Function<Principal, Verdict> decision) {
        Optional<Principal> found = principalOf(authentication);
        if (found.isEmpty()) {
            return unauthorized(request);
        }
        Principal principal = found.get();
        if (decision.apply(principal) == Verdict.DENIED) {
            return Problems.response(HttpStatus.FORBIDDEN, "forbidden", "this token may not do this here", Map.of());
        }
        return HttpResponse.noContent()
                .header(SUBJECT_HEADER, ForwardAuth.subject(principal))
                .header(TOKEN_ID_HEADER, principal.tokenId().toString());
    }

    /** The token's principal; a session (or nothing) is no principal here: forward-auth is for tokens. */
    private static Optional<Principal> principalOf(@Nullable Authentication authentication) {
        return authentication != null
                && authentication.getAttributes().get(LatchkeyTokenFetcher.PRINCIPAL_ATTRIBUTE) instanceof Principal p
                ? Optional.of(p) : Optional.empty();
    }

    private static MutableHttpResponse<?> unauthorized(HttpRequest<?> request) {
        MutableHttpResponse<?> response = ProblemAuthorizationExceptionHandler.unauthorized(request);
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode()) {
            // both challenges: git and browsers answer Basic, API clients read the RFC 6750 one
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"latchkey\", charset=\"UTF-8\"");
        }
        return response;
    }

    /** Allowed or not; a request that cannot be asked at all is a {@code ProblemException} (400). */
    enum Verdict { ALLOWED, DENIED }
}
