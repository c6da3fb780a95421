package dev.latchkey.app.integrations;

import dev.latchkey.authz.Principal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import reactor.core.publisher.Mono;

import java.util.concurrent.ExecutorService;

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
class ForwardAuthController extends ProxyAuthEndpoint {
    private final ForwardAuth forwardAuth;

    ForwardAuthController(ForwardAuth forwardAuth, @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor,
                          dev.latchkey.app.observability.DomainMetrics metrics) {
        super(blockingExecutor, metrics, "verify");
        this.forwardAuth = forwardAuth;
    }

    @Get(consumes = MediaType.ALL, produces = MediaType.ALL)
    @ForwardAuthResponses
    @Status(HttpStatus.NO_CONTENT) // for the document: the answers are built as HttpResponses
    @Operation(summary = "Forward-auth: may this token do this permission here?",
            description = "Any HTTP method; the proxied request's Accept and Content-Type are ignored.",
            parameters = {
                @Parameter(name = "permission", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "releases:deploy",
                        description = "a catalogue key; none = authentication only"),
                @Parameter(name = "project", in = ParameterIn.QUERY, schema = @Schema(type = "string"),
                        description = "a project id, for a project permission"),
                @Parameter(name = "workspace", in = ParameterIn.QUERY, schema = @Schema(type = "string"), example = "acme",
                        description = "a workspace id or slug, for a workspace permission")})
    // declared Void for the document: the 204 has no body (the refusals' problem bodies are in
    // @ForwardAuthResponses); the response written is whatever answer() built
    @SuppressWarnings({"unchecked", "rawtypes"})
    Mono<HttpResponse<Void>> verify(HttpRequest<?> request) {
        return (Mono) answer(request);
    }

    @Override
    Question question(HttpRequest<?> request) {
        // read straight from the request: argument binding is a measurable share of this hot endpoint
        String permission = request.getParameters().get("permission");
        String project = request.getParameters().get("project");
        String workspace = request.getParameters().get("workspace");
        boolean cached = forwardAuth.answerableFromCache(project, workspace);
        return new Question() {
            @Override
            public boolean cached() {
                return cached;
            }

            @Override
            public Verdict decide(Principal principal) {
                return forwardAuth.verify(principal, permission, project, workspace);
            }
        };
    }
}
