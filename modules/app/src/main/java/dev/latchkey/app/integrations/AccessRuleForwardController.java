package dev.latchkey.app.integrations;

import dev.latchkey.authz.Level;
import dev.latchkey.authz.Principal;
import dev.latchkey.directory.common.ProblemException;
import io.micronaut.core.annotation.Nullable;
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

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Forward-auth for proxies that cannot compute a permission (Caddy {@code forward_auth}, Traefik
 * {@code forwardAuth}): they send the client's {@code Authorization} and {@code X-Forwarded-Method},
 * {@code -Host} and {@code -Uri}; the workspace's access rules say which permission that request
 * needs, and the engine decides, exactly as for {@code /api/auth/verify}. No matching rule, a
 * workspace that does not exist, a project of another workspace: 403 (deny by default).
 */
@Controller("/api/auth/forward")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "integrations")
class AccessRuleForwardController extends ProxyAuthEndpoint {
    static final String METHOD_HEADER = "X-Forwarded-Method";
    static final String HOST_HEADER = "X-Forwarded-Host";
    static final String URI_HEADER = "X-Forwarded-Uri";

    private final ForwardAuth forwardAuth;
    private final AccessRules rules;

    AccessRuleForwardController(ForwardAuth forwardAuth, AccessRules rules,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor,
                                dev.latchkey.app.observability.DomainMetrics metrics) {
        super(blockingExecutor, metrics, "access_rules");
        this.forwardAuth = forwardAuth;
        this.rules = rules;
    }

    @Get(consumes = MediaType.ALL, produces = MediaType.ALL)
    @ForwardAuthResponses
    @Status(HttpStatus.NO_CONTENT) // for the document: the answers are built as HttpResponses
    @Operation(summary = "Forward-auth by access rules: may this token make the forwarded request?",
            description = "Any HTTP method; the proxied request's Accept and Content-Type are ignored. The most specific "
                    + "access rule of the workspace matching X-Forwarded-Method, -Host and -Uri names the permission; "
                    + "no rule matching: 403.",
            parameters = {
                @Parameter(name = "workspace", in = ParameterIn.QUERY, schema = @Schema(type = "string"), required = true,
                        example = "acme", description = "the workspace id or slug"),
                @Parameter(name = METHOD_HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string"), required = true,
                        example = "POST", description = "the method of the proxied request"),
                @Parameter(name = HOST_HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string"),
                        example = "api.example.com", description = "the host of the proxied request"),
                @Parameter(name = URI_HEADER, in = ParameterIn.HEADER, schema = @Schema(type = "string"), required = true,
                        example = "/api/web/releases/7", description = "path and query of the proxied request")})
    // declared Void for the document: the 204 has no body (the refusals' problem bodies are in
    // @ForwardAuthResponses); the response written is whatever answer() built
    @SuppressWarnings({"unchecked", "rawtypes"})
    Mono<HttpResponse<Void>> forward(HttpRequest<?> request) {
        return (Mono) answer(request);
    }

    @Override
    Question question(HttpRequest<?> request) {
        String workspace = request.getParameters().get("workspace");
        String method = request.getHeaders().get(METHOD_HEADER);
        String host = request.getHeaders().get(HOST_HEADER);
        String uri = request.getHeaders().get(URI_HEADER);
        return new Question() {
            @Override
            public boolean cached() {
                return false;
            }

            @Override
            public Verdict decide(Principal principal) {
                return AccessRuleForwardController.this.decide(principal, workspace, method, host, uri, false);
            }

            @Override
            public Optional<Verdict> decideFromCache(Principal principal) {
                try {
                    return Optional.of(AccessRuleForwardController.this.decide(principal, workspace, method, host, uri, true));
                } catch (ForwardAuth.NotCached e) {
                    return Optional.empty();
                }
            }
        };
    }

    /** @param fromCache read only this node's caches, throwing {@link ForwardAuth.NotCached} where a look-up would load */
    private Verdict decide(Principal principal, @Nullable String workspace, @Nullable String method,
                           @Nullable String host, @Nullable String uri, boolean fromCache) {
        if (workspace == null || workspace.isBlank()) {
            throw ProblemException.badRequest("workspace", "name the workspace: /api/auth/forward?workspace=<id or slug>");
        }
        if (method == null || method.isBlank()) {
            throw ProblemException.badRequest(METHOD_HEADER, "the proxy must send " + METHOD_HEADER);
        }
        if (uri == null || uri.isBlank()) {
            throw ProblemException.badRequest(URI_HEADER, "the proxy must send " + URI_HEADER);
        }
        Optional<UUID> workspaceId = fromCache ? forwardAuth.workspaceIdIfCached(workspace) : forwardAuth.workspaceId(workspace);
        if (workspaceId.isEmpty()) {
            return Verdict.DENIED;
        }
        Optional<AccessRules.Requirement> requirement = rules.requirement(workspaceId.get(), method, host, pathOf(uri), fromCache);
        if (requirement.isEmpty()) {
            return Verdict.DENIED;
        }
        AccessRules.Requirement needed = requirement.get();
        String project = null;
        Level level = needed.permission().level();
        if (needed.project() != null && level != Level.WORKSPACE && level != Level.USER) {
            Optional<UUID> projectId = rules.projectOf(workspaceId.get(), needed.project(), fromCache);
            if (projectId.isEmpty()) {
                return Verdict.DENIED;
            }
            project = projectId.get().toString();
        }
        String workspaceRef = workspaceId.get().toString();
        if (fromCache && !forwardAuth.answerableFromCache(project, workspaceRef)) {
            throw new ForwardAuth.NotCached();
        }
        return forwardAuth.verify(principal, needed.permission().key(), project, workspaceRef);
    }

    private static String pathOf(String uri) {
        int end = uri.length();
        for (char c : new char[] {'?', '#'}) {
            int at = uri.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return uri.substring(0, end);
    }
}
