package dev.latchkey.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.RefusalReason;
import dev.latchkey.tokens.core.TokenFacts;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.app.config.AuditSettings;
import dev.latchkey.app.observability.DomainMetrics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The token events the app itself observes, for every kind alike: refusals at use, revocations by
 * RFC 7009 or leak report, uses from a new address. A kind only provides {@code facts} and
 * {@code revoke}; which workspace and which owner an event belongs to comes from the facts.
 */
@Singleton
public class TokenEvents {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEvents.class);

    private final TokenAuthenticator tokens;
    private final AuditTrail audit;
    private final ExecutorService executor;
    private final Cache<String, Boolean> recentRefusals;
    private final DomainMetrics metrics;

    public TokenEvents(TokenAuthenticator tokens, AuditTrail audit,
                       @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                       AuditSettings settings, DomainMetrics metrics) {
        this.metrics = metrics;
        this.tokens = tokens;
        this.audit = audit;
        this.executor = executor;
        this.recentRefusals = Caffeine.newBuilder().expireAfterWrite(settings.refusalInterval()).maximumSize(100_000).build();
    }

    /**
     * A known token refused at use. Written off the request path, and at most once per token and
     * reason per {@code latchkey.audit.refusal-interval} on this node, so a client retrying an
     * expired token in a loop costs one row, not one per request. Unknown and malformed tokens have
     * no id and no owner to tell: they are not recorded.
     */
    public void refusedAtUse(TokenAuthenticator.Refused refused, @Nullable String ip, @Nullable String userAgent) {
        AuditAction action = actionFor(refused.reason());
        if (action == null || refused.tokenId() == null || refused.kind() == null) {
            return;
        }
        if (recentRefusals.asMap().putIfAbsent(refused.tokenId() + "/" + refused.reason(), Boolean.TRUE) != null) {
            return;
        }
        try {
            executor.execute(() -> recordAbout(refused.kind(), refused.tokenId(), AuditEvent.of(action,
                    AuditEvent.Actor.token(refused.tokenId())).from(ip, userAgent).withDetails("refused: " + refused.reason().code())));
        } catch (RejectedExecutionException e) {
            metrics.auditWriteFailed();
            LOG.warn("refusal of token {} not audited: executor full", refused.tokenId());
        }
    }

    /**
     * Revokes through the kind's hook and records it, in one transaction, when this call revoked it
     * (a second report of the same token writes nothing).
     */
    @Transactional
    public boolean revoke(TokenAuthenticator.Identified token, String cause, AuditEvent event) {
        Optional<TokenFacts> facts = tokens.facts(token.kind(), token.tokenId());
        boolean revoked = tokens.revoke(token.kind(), token.tokenId(), cause);
        if (revoked) {
            audit.record(onToken(event, token.kind(), token.tokenId(), facts.orElse(null)));
        }
        return revoked;
    }

    /**
     * A superseded secret was replayed at a rotate endpoint after its grace: revokes the token (its
     * current secret too) and audits {@code token.reuse_detected}, once.
     */
    public void reuseDetected(TokenAuthenticator.Refused refused, @Nullable String ip, @Nullable String userAgent) {
        if (refused.kind() == null || refused.tokenId() == null) {
            return;
        }
        try {
            revoke(new TokenAuthenticator.Identified(refused.kind(), refused.tokenId()), "reuse of a rotated secret",
                    AuditEvent.of(AuditAction.TOKEN_REUSE_DETECTED, AuditEvent.Actor.token(refused.tokenId()))
                            .from(ip, userAgent)
                            .withDetails("a secret superseded by a rotation was presented to a rotate endpoint after its grace; token revoked"));
        } catch (RuntimeException e) {
            LOG.warn("reuse of token {} detected but not handled: {}", refused.tokenId(), e.toString());
        }
    }

    /** Called at flush time with what a kind's sink reported; see {@link LastUsedSink#writeReportingNewAddresses}. */
    public void usedFromNewAddress(LastUsedSink.NewAddress change) {
        recordAbout(change.use().kind(), change.use().tokenId(), AuditEvent.of(AuditAction.TOKEN_USED_FROM_NEW_IP,
                        AuditEvent.Actor.token(change.use().tokenId())).from(change.use().ip(), null)
                .withDetails("previous address " + change.previousIp()));
    }

    private void recordAbout(TokenKind kind, UUID tokenId, AuditEvent event) {
        try {
            audit.record(onToken(event, kind, tokenId, tokens.facts(kind, tokenId).orElse(null)));
        } catch (RuntimeException e) {
            metrics.auditWriteFailed();
            LOG.warn("could not audit {} of token {}: {}", event.action().code(), tokenId, e.toString());
        }
    }

    private static AuditEvent onToken(AuditEvent event, TokenKind kind, UUID tokenId, @Nullable TokenFacts facts) {
        return event.onToken(kind.code(), tokenId, facts == null ? null : facts.workspaceId(),
                facts == null ? null : facts.ownerUserId());
    }

    private static AuditAction actionFor(RefusalReason reason) {
        return switch (reason) {
            case EXPIRED -> AuditAction.TOKEN_EXPIRED_ON_USE;
            case IP_NOT_ALLOWED -> AuditAction.TOKEN_REFUSED_IP;
            case POLICY_DENIED -> AuditAction.TOKEN_REFUSED_POLICY;
            default -> null;
        };
    }
}
