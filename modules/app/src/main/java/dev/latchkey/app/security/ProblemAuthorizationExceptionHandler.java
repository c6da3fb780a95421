package dev.latchkey.app.security;

import dev.latchkey.app.web.Problems;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Security's refusals as problem+json. A 401 carries the RFC 6750 challenge, and when a presented
 * token was refused, why (malformed, unknown, expired, revoked) so a client can tell a typo from a
 * revocation.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class ProblemAuthorizationExceptionHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    /** Request attribute: the {@code RefusalReason} code of a presented token that was not accepted. */
    public static final String TOKEN_REFUSAL_ATTRIBUTE = "latchkey.token.refusal";
    /** Request attribute: a presented token could not be judged (database down); refused with 503. */
    public static final String UNAVAILABLE_ATTRIBUTE = "latchkey.token.unavailable";

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return Problems.response(HttpStatus.FORBIDDEN, "forbidden", "this endpoint is not available to the caller",
                    Map.of());
        }
        return unauthorized(request);
    }

    public static MutableHttpResponse<?> unauthorized(HttpRequest<?> request) {
        if (request.getAttribute(UNAVAILABLE_ATTRIBUTE).isPresent()) {
            return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "the token cannot be checked right now; try again shortly", Map.of("reason", "unavailable"))
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
        Object refusal = request.getAttribute(TOKEN_REFUSAL_ATTRIBUTE).orElse(null);
        if ("ip_not_allowed".equals(String.valueOf(refusal))) {
            return Problems.response(HttpStatus.FORBIDDEN, "ip-not-allowed",
                    "this token may not be used from this address", Map.of("reason", "ip_not_allowed"));
        }
        if ("policy_denied".equals(String.valueOf(refusal))) {
            // the token itself is fine; its workspace's token policy does not admit this use
            return Problems.response(HttpStatus.FORBIDDEN, "policy-denied",
                    "the workspace's token policy does not admit this token from this address or at all",
                    Map.of("reason", "policy_denied"));
        }
        if ("pending_approval".equals(String.valueOf(refusal))) {
            // the token is fine; the one workspace it is limited to has not approved it yet (issue #19)
            return Problems.response(HttpStatus.FORBIDDEN, "approval-pending",
                    "this token waits for a workspace owner's approval (requireApprovalForPersonalTokens)",
                    Map.of("reason", "pending_approval"));
        }
        if ("approval_denied".equals(String.valueOf(refusal))) {
            return Problems.response(HttpStatus.FORBIDDEN, "approval-denied",
                    "a workspace owner denied this token; its owner sees the note on the token",
                    Map.of("reason", "approval_denied"));
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        String detail;
        String challenge;
        if (refusal != null) {
            ext.put("reason", refusal.toString());
            detail = switch (refusal.toString()) {
                case "malformed" -> "the token is malformed";
                case "expired" -> "the token has expired";
                case "revoked" -> "the token has been revoked";
                case "subject_inactive" -> "the token's owner is suspended or gone";
                default -> "the token is not known";
            };
            challenge = "Bearer realm=\"latchkey\", error=\"invalid_token\", error_description=\"" + detail + "\"";
        } else {
            detail = "authentication is required: a Bearer token or a login session";
            challenge = "Bearer realm=\"latchkey\"";
        }
        return Problems.response(HttpStatus.UNAUTHORIZED, "unauthorized", detail, ext)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
}
