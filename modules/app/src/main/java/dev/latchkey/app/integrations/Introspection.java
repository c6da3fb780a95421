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
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.tokens.core.KeptFacts;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFacts;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
    /**
     * Users' e-mails by id, for {@code username}: an e-mail never changes once the account exists
     * (and a deleted user's tokens are refused before this is asked), so keeping it for the token
     * cache's TTL cannot show a wrong one. A workspace's slug can be renamed, so it is still read.
     */
    private final Cache<UUID, Optional<String>> emails;

    Introspection(TokenAuthenticator tokens, AuthorizationEngine engine, Clock clock, Users users, Workspaces workspaces,
                  DomainMetrics metrics, TokenSettings settings, AfterCommit caches) {
        this.emails = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        caches.monitor("introspection-emails", emails);
        this.metrics = metrics;
        this.users = users;
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.engine = engine;
        this.clock = clock;
    }

    /** @param clientIp where the token's holder is, for its IP restrictions */
    Map<String, Object> introspect(@Nullable String token, @Nullable String clientIp) {
        if (token == null || token.isBlank()) {
            return counted(INACTIVE);
        }
        return answer(tokens.authenticate(token, context(clientIp)));
    }

    /**
     * The token judged from this node's caches alone (no I/O, for the event loop), or empty when
     * judging it needs storage ({@link #introspect} then). A judged token is counted once: finish
     * with {@link #answerFromCache} or {@link #answer}, never with {@link #introspect}.
     */
    Optional<TokenAuthenticator.Outcome> judgeFromCache(@Nullable String token, @Nullable String clientIp) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return tokens.authenticateCached(token, context(clientIp));
    }

    /** The answer for a judged token, reading its facts and owner from storage if they are not kept (may block). */
    Map<String, Object> answer(TokenAuthenticator.Outcome outcome) {
        return counted(answer(outcome, false).orElseThrow());
    }

    /** {@link #answer} without I/O: empty when the token's facts or its owner's name are not in this node's caches. */
    Optional<Map<String, Object>> answerFromCache(TokenAuthenticator.Outcome outcome) {
        return answer(outcome, true).map(this::counted);
    }

    private RequestContext context(@Nullable String clientIp) {
        return new RequestContext(clientIp, clock.instant());
    }

    private Map<String, Object> counted(Map<String, Object> answer) {
        metrics.introspection(Boolean.TRUE.equals(answer.get("active"))
                ? DomainMetrics.IntrospectionOutcome.ACTIVE : DomainMetrics.IntrospectionOutcome.INACTIVE);
        return answer;
    }

    private Optional<Map<String, Object>> answer(TokenAuthenticator.Outcome outcome, boolean fromCache) {
        if (!(outcome instanceof TokenAuthenticator.Accepted accepted)) {
            return Optional.of(INACTIVE);
        }
        // kept with the token's cache entry: a busy token's facts are read once per entry, not per call
        KeptFacts kept = accepted.resolution().facts();
        Optional<TokenFacts> found;
        if (fromCache) {
            Optional<Optional<TokenFacts>> cached = kept == null ? Optional.empty() : kept.ifKept();
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            found = cached.get();
        } else {
            found = kept != null ? kept.get() : tokens.facts(accepted.kind(), accepted.tokenId());
        }
        if (found.isEmpty()) {
            return Optional.of(INACTIVE);
        }
        Principal principal = accepted.resolution().principal();
        Optional<String> username;
        if (fromCache) {
            Optional<Optional<String>> cached = usernameIfCached(principal);
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            username = cached.get();
        } else {
            username = Optional.ofNullable(username(principal));
        }
        TokenFacts facts = found.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("scope", EffectiveScopes.of(engine, principal));
        // the token is its own OAuth client: nothing else requested it
        answer.put("client_id", facts.tokenId().toString());
        answer.put("username", username.orElse(null));
        answer.put("token_type", facts.kind().code());
        answer.put("sub", facts.subject());
        answer.put("jti", facts.tokenId().toString());
        answer.put("iat", facts.issuedAt().getEpochSecond());
        if (facts.expiresAt() != null) {
            answer.put("exp", facts.expiresAt().getEpochSecond());
        }
        answer.put("workspace", facts.workspaceId() == null ? null : facts.workspaceId().toString());
        answer.put("grant", facts.grant());
        return Optional.of(answer);
    }

    /** RFC 7662's human-readable resource owner: the user's (or service user's) e-mail, or the workspace's slug. */
    private @Nullable String username(Principal principal) {
        if (principal.kind() == PrincipalKind.WORKSPACE_TOKEN) {
            return workspaces.findById(principal.subjectId()).map(Workspace::slug).orElse(null);
        }
        return emails.get(principal.subjectId(), id -> users.find(id).map(User::email)).orElse(null);
    }

    /** {@link #username} if it needs no storage read; empty otherwise (a workspace's slug is always read). */
    private Optional<Optional<String>> usernameIfCached(Principal principal) {
        return principal.kind() == PrincipalKind.WORKSPACE_TOKEN ? Optional.empty()
                : Optional.ofNullable(emails.getIfPresent(principal.subjectId()));
    }
}
