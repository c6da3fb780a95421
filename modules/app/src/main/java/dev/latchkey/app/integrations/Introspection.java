package dev.latchkey.app.integrations;

import dev.latchkey.app.observability.DomainMetrics;
import dev.latchkey.app.security.TokenAuthenticator;
import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.Users;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFacts;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7662 for Latchkey tokens, decided exactly as request authentication decides (same
 * {@link TokenAuthenticator}). Whatever is not an active token is {@code {"active":false}} and
 * nothing more: RFC 7662 §2.2 asks for no other field, and saying "expired" or "revoked" would let
 * any authenticated caller probe other people's tokens.
 */
@Singleton
class Introspection {
    static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final TokenAuthenticator tokens;
    private final AuthorizationEngine engine;
    private final Clock clock;
    private final Users users;
    private final Workspaces workspaces;

    private final DomainMetrics metrics;

    Introspection(TokenAuthenticator tokens, AuthorizationEngine engine, Clock clock, Users users, Workspaces workspaces,
                  DomainMetrics metrics) {
        this.metrics = metrics;
        this.users = users;
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.engine = engine;
        this.clock = clock;
    }

    /** @param clientIp where the token's holder is, for its IP restrictions */
    Map<String, Object> introspect(@Nullable String token, @Nullable String clientIp) {
        Map<String, Object> answer = answer(token, clientIp);
        metrics.introspection(Boolean.TRUE.equals(answer.get("active"))
                ? DomainMetrics.IntrospectionOutcome.ACTIVE : DomainMetrics.IntrospectionOutcome.INACTIVE);
        return answer;
    }

    private Map<String, Object> answer(@Nullable String token, @Nullable String clientIp) {
        if (token == null || token.isBlank()) {
            return INACTIVE;
        }
        TokenAuthenticator.Outcome outcome = tokens.authenticate(token, new RequestContext(clientIp, clock.instant()));
        if (!(outcome instanceof TokenAuthenticator.Accepted accepted)) {
            return INACTIVE;
        }
        Optional<TokenFacts> found = tokens.facts(accepted.kind(), accepted.tokenId());
        if (found.isEmpty()) {
            return INACTIVE;
        }
        TokenFacts facts = found.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("scope", EffectiveScopes.of(engine, accepted.resolution().principal()));
        // the token is its own OAuth client: nothing else requested it
        answer.put("client_id", facts.tokenId().toString());
        answer.put("username", username(accepted.resolution().principal()));
        answer.put("token_type", facts.kind().code());
        answer.put("sub", facts.subject());
        answer.put("jti", facts.tokenId().toString());
        answer.put("iat", facts.issuedAt().getEpochSecond());
        if (facts.expiresAt() != null) {
            answer.put("exp", facts.expiresAt().getEpochSecond());
        }
        answer.put("workspace", facts.workspaceId() == null ? null : facts.workspaceId().toString());
        answer.put("grant", facts.grant());
        return answer;
    }

    /** RFC 7662's human-readable resource owner: the user's (or service user's) e-mail, or the workspace's slug. */
    private @Nullable String username(Principal principal) {
        if (principal.kind() == PrincipalKind.WORKSPACE_TOKEN) {
            return workspaces.findById(principal.subjectId()).map(Workspace::slug).orElse(null);
        }
        return users.find(principal.subjectId()).map(User::email).orElse(null);
    }
}
