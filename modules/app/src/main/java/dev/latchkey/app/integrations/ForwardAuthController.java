package dev.latchkey.app.integrations;

import dev.latchkey.app.security.LatchkeyTokenFetcher;
import dev.latchkey.app.security.ProblemAuthorizationExceptionHandler;
import dev.latchkey.app.web.Problems;
import dev.latchkey.authz.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/**
 * Forward-auth for reverse proxies (nginx {@code auth_request}, Traefik ForwardAuth): the proxy
 * passes the client's {@code Authorization} (Bearer, or Basic with the token as the password, as
 * git sends it) and lets the request through on 204. Only 401 and 403 are refusals a proxy
 * understands, so no 404 here. For Latchkey tokens only: what a proxy in front of git or an API
 * sees is a token, never a browser session. Anonymous at the security layer so this controller
 * writes the 401 itself, with a Basic challenge that makes git ask for credentials.
 */
@Controller("/api/auth/verify")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "integrations")
class ForwardAuthController {
    static final String SUBJECT_HEADER = "X-Latchkey-Subject";
    static final String TOKEN_ID_HEADER = "X-Latchkey-Token-Id";

    private final ForwardAuth forwardAuth;
    private final Scheduler blocking;

    ForwardAuthController(ForwardAuth forwardAuth, @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.forwardAuth = forwardAuth;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    /**
     * Runs on the event loop when the token and the resource are cached (the usual case for a proxy
     * asking about the same repositories again and again), so the guard costs no thread hop; a cache
     * miss is answered on the blocking pool, never blocking the loop.
     */
    @Get
    @io.swagger.v3.oas.annotations.Parameter(name = "permission", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY)
    @io.swagger.v3.oas.annotations.Parameter(name = "project", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY)
    @io.swagger.v3.oas.annotations.Parameter(name = "workspace", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY)
    Mono<HttpResponse<?>> verify(HttpRequest<?> request) {
        // read straight from the request: argument binding is a measurable share of this hot endpoint
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        String permission = request.getParameters().get("permission");
        String project = request.getParameters().get("project");
        String workspace = request.getParameters().get("workspace");
        if (forwardAuth.answerableFromCache(project, workspace)) {
            return Mono.<HttpResponse<?>>fromSupplier(() -> decide(request, authentication, permission, project, workspace));
        }
        return Mono.<HttpResponse<?>>fromSupplier(() -> decide(request, authentication, permission, project, workspace))
                .subscribeOn(blocking);
    }

    private HttpResponse<?> decide(HttpRequest<?> request, @Nullable Authentication authentication,
                                   @Nullable String permission, @Nullable String project, @Nullable String workspace) {
        Object attribute = authentication == null ? null
                : authentication.getAttributes().get(LatchkeyTokenFetcher.PRINCIPAL_ATTRIBUTE);
        if (!(attribute instanceof Principal principal)) {
            return unauthorized(request);
        }
        if (forwardAuth.verify(principal, permission, project, workspace) == ForwardAuth.Verdict.DENIED) {
            return Problems.response(HttpStatus.FORBIDDEN, "forbidden", "this token may not do this here", Map.of());
        }
        return HttpResponse.noContent()
                .header(SUBJECT_HEADER, ForwardAuth.subject(principal))
                .header(TOKEN_ID_HEADER, principal.tokenId().toString());
    }

    private static MutableHttpResponse<?> unauthorized(HttpRequest<?> request) {
        MutableHttpResponse<?> response = ProblemAuthorizationExceptionHandler.unauthorized(request);
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode()) {
            // both challenges: git and browsers answer Basic, API clients read the RFC 6750 one
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"latchkey\", charset=\"UTF-8\"");
        }
        return response;
    }
}
