package dev.latchkey.app.integrations;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.app.security.ClientAddresses;
import dev.latchkey.app.security.ClientSecretAuthentication;
import dev.latchkey.app.web.ProblemDocument;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.latchkey.app.security.TokenAuthenticator;
import jakarta.inject.Named;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.Optional;

/**
 * RFC 7662 introspection and RFC 7009 revocation, form-encoded as the RFCs say; any authenticated
 * caller. The client authenticates with a session or a token in the {@code Authorization} header
 * (Bearer, or Basic with the token as the password: {@code client_secret_basic}) or with the token
 * as {@code client_secret} in the form ({@code client_secret_post}). The form is only read here, so
 * the security layer lets the request through and this controller answers the 401 itself.
 */
@Controller("/oauth")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "integrations")
class OAuthController {
    private final Introspection introspection;
    private final SelfRevocation revocation;
    private final RateLimits rateLimits;
    private final ClientAddresses clientAddresses;
    private final ClientSecretAuthentication clientSecrets;

    private final Scheduler blocking;

    OAuthController(Introspection introspection, SelfRevocation revocation, RateLimits rateLimits,
                    ClientAddresses clientAddresses, ClientSecretAuthentication clientSecrets,
                    @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
        this.clientSecrets = clientSecrets;
        this.introspection = introspection;
        this.revocation = revocation;
        this.rateLimits = rateLimits;
        this.clientAddresses = clientAddresses;
    }

    /** The form of both endpoints; {@code client_ip} is where the token's holder is (introspection only). */
    @Serdeable
    record TokenForm(@Nullable String token, @Nullable @JsonProperty("token_type_hint") String tokenTypeHint,
                     @Nullable @JsonProperty("client_ip") String clientIp,
                     @Nullable @JsonProperty("client_id") String clientId,
                     @Nullable @JsonProperty("client_secret") String clientSecret) {
        static final TokenForm EMPTY = new TokenForm(null, null, null, null, null);
        /** The form's field names, in the order of the components. */
        static final java.util.List<String> FIELDS = java.util.List.of("token", "token_type_hint", "client_ip", "client_id", "client_secret");

        @Override
        public String toString() {
            return "TokenForm[hint=" + tokenTypeHint + "]";
        }
    }

    @NotSensitive("RFC 7662: reads what a presented token may do; changes nothing")
    @Operation(operationId = "introspectToken", summary = "Introspect a token (RFC 7662)", description = "The client authenticates with a session or token "
            + "(Bearer, Basic with the token as password = client_secret_basic) or posts its token as client_secret.")
    @ApiResponse(responseCode = "200", description = "{\"active\":false} for anything that is not an active token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object", example =
                    "{\"active\":true,\"client_id\":\"0190…\",\"username\":\"ann@example.com\",\"scope\":\"projects:read\","
                    + "\"token_type\":\"personal\",\"sub\":\"user:0190…\",\"jti\":\"0190…\",\"iat\":1767225600,"
                    + "\"exp\":1769817600,\"workspace\":null,\"grant\":{\"scopes\":[\"projects:read\"]}}")))
    @ClientErrors
    @Post(uri = "/introspect", consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = {MediaType.APPLICATION_JSON, "application/problem+json"})
    Mono<HttpResponse<Map<String, Object>>> introspect(@Nullable Caller caller, HttpRequest<?> request,
                                                       @Nullable @Body TokenForm form) {
        TokenForm f = form == null ? TokenForm.EMPTY : form;
        if (request.getAttribute(STARTED_ATTRIBUTE).orElse(null) instanceof Started started) {
            // IntrospectionHotPath began this one from the caches and stopped where storage was needed
            return finish(f, started);
        }
        if (caller == null) {
            // the client may be the form's client_secret: judging it may read storage
            return Mono.fromCallable(() -> introspect(client(null, f, request), f, request)).subscribeOn(blocking);
        }
        // a client authenticated by its header (on the event loop, from the caches when it is busy)
        Optional<HttpResponse<Map<String, Object>>> now = answerFromCache(client(caller, f, request), f, request);
        return now.map(Mono::just).orElseGet(() -> finish(f, request.getAttribute(STARTED_ATTRIBUTE, Started.class).orElseThrow()));
    }

    /**
     * The answer for a client authenticated by its header, from this node's caches alone (no I/O: on
     * the event loop, asked by {@link IntrospectionHotPath} before the route and by the route itself).
     * The rate limit is spent and the token judged here, once per request; when the answer needs
     * storage it is empty, and the request keeps how far it got ({@link Started}) for the route to
     * {@link #finish} on the blocking pool.
     */
    Optional<HttpResponse<Map<String, Object>>> answerFromCache(Caller client, TokenForm form, HttpRequest<?> request) {
        rateLimits.consume(RateLimits.Limit.INTROSPECTION, rateKey(client));
        String holderIp = holderIp(form, request);
        Optional<TokenAuthenticator.Outcome> judged = introspection.judgeFromCache(form.token(), holderIp);
        Optional<Map<String, Object>> now = judged.flatMap(introspection::answerFromCache);
        if (now.isPresent()) {
            return Optional.of(introspected(now.get()));
        }
        request.setAttribute(STARTED_ATTRIBUTE, new Started(holderIp, judged.orElse(null)));
        return Optional.empty();
    }

    /** Request attribute: the {@link Started} introspection of {@link #answerFromCache}. */
    private static final String STARTED_ATTRIBUTE = "latchkey.introspection.started";

    /** An introspection begun from the caches: where the holder is, and the token's judgement if it was judged. */
    private record Started(String holderIp, TokenAuthenticator.@Nullable Outcome judged) {
    }

    /** The rest of a {@link Started} introspection, which reads storage: on the blocking pool. */
    private Mono<HttpResponse<Map<String, Object>>> finish(TokenForm form, Started started) {
        return Mono.fromCallable(() -> introspected(started.judged() == null
                        ? introspection.introspect(form.token(), started.holderIp())
                        : introspection.answer(started.judged())))
                .subscribeOn(blocking);
    }

    private HttpResponse<Map<String, Object>> introspect(Caller client, TokenForm form, HttpRequest<?> request) {
        rateLimits.consume(RateLimits.Limit.INTROSPECTION, rateKey(client));
        return introspected(introspection.introspect(form.token(), holderIp(form, request)));
    }

    private String holderIp(TokenForm form, HttpRequest<?> request) {
        return form.clientIp() == null || form.clientIp().isBlank() ? clientAddresses.of(request) : form.clientIp().trim();
    }

    private static HttpResponse<Map<String, Object>> introspected(Map<String, Object> answer) {
        // an introspection answer is about a token at one moment: no cache may keep it (RFC 7662 §4)
        return HttpResponse.ok(answer).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @NotSensitive("RFC 7009: the caller presents the token it revokes, which proves possession")
    @Operation(operationId = "revokeToken", summary = "Revoke a token (RFC 7009)")
    @ApiResponse(responseCode = "200", description = "always, with an empty body, whatever the token was (RFC 7009 §2.2)")
    @ClientErrors
    // a generated client asks for what the document lists: the error responses are problem+json
    @Post(uri = "/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = {MediaType.APPLICATION_JSON, "application/problem+json"})
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Void> revoke(@Nullable Caller caller, HttpRequest<?> request, @Nullable @Body TokenForm form) {
        TokenForm f = form == null ? TokenForm.EMPTY : form;
        revocation.revoke(client(caller, f, request), f.token());
        return HttpResponse.ok();
    }

    /**
     * The authenticated client: from the header, or else from {@code client_secret}; never both
     * (RFC 6749 §2.3). None is the usual 401 (with why a token was refused).
     */
    private Caller client(@Nullable Caller caller, TokenForm form, HttpRequest<?> request) {
        boolean posted = form.clientSecret() != null && !form.clientSecret().isBlank();
        if (posted && request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            throw ProblemException.badRequest("client_secret",
                    "authenticate the client one way: the Authorization header or client_secret, not both");
        }
        return Optional.ofNullable(caller).or(() -> clientSecrets.fromForm(form.clientSecret(), request))
                .orElseThrow(() -> new AuthorizationException(null));
    }

    /**
     * How the client of both endpoints authenticates and how it is refused, for the OpenAPI document:
     * Bearer, or Basic with its token as the password (client_secret_basic); client_secret in the
     * form (client_secret_post) is the third way, described in the form.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "basic")
    @ApiResponse(responseCode = "400", description = "both an Authorization header and client_secret",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDocument.class)))
    @ApiResponse(responseCode = "401", description = "the client is not authenticated",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDocument.class)))
    @interface ClientErrors {
    }

    private static String rateKey(Caller caller) {
        return caller.principal().isToken() ? "token:" + caller.principal().tokenId() : "user:" + caller.userId();
    }
}
