package dev.latchkey.directory.access;

import dev.latchkey.authz.Principal;
import dev.latchkey.directory.common.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Who is asking, as every controller sees it: the authz principal (what may be decided about it),
 * the user behind it if any (none for a workspace token), how it authenticated, when the session
 * logged in (for the confirmation window), the client address and the client's User-Agent (for the
 * audit trail, already cut to a sane length).
 *
 * <p>It is a {@link java.security.Principal} so that every tool that knows request principals treats
 * it as one: micronaut-openapi leaves principal arguments out of the OpenAPI document, so no
 * controller's {@code Caller} argument appears there as a query parameter or a body property.
 */
public record Caller(Principal principal, @Nullable UUID userId, AuthMethod method,
                     @Nullable Instant authenticatedAt, String clientIp, @Nullable String userAgent)
        implements java.security.Principal {

    /** Without a User-Agent, for callers built outside an HTTP request. */
    public Caller(Principal principal, @Nullable UUID userId, AuthMethod method, @Nullable Instant authenticatedAt,
                  String clientIp) {
        this(principal, userId, method, authenticatedAt, clientIp, null);
    }

    /** The subject's id: the user's, the workspace's (a workspace token) or the service user's. */
    @Override
    public String getName() {
        return principal.subjectId().toString();
    }

    public boolean isSession() {
        return method == AuthMethod.SESSION;
    }

    /** Some things are for a person with a login session only (a user's own tokens, creating workspaces). */
    public UUID requireSessionUser(String what) {
        if (!isSession() || userId == null) {
            throw ProblemException.forbidden("session-required", what + " needs a login session; tokens cannot do it",
                    Map.of("reason", "session_required"));
        }
        return userId;
    }
}
