package dev.latchkey.directory.tokens;

import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.Confirmations;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.tokens.core.SupersededSecrets;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.lifecycle.LifecycleEvent;
import dev.latchkey.tokens.core.lifecycle.LifecycleSupport;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one implementation of what every token lifecycle needs around it: the transaction, the
 * clock, the sudo confirmation of a change that depends on what it changes ({@link Confirmations#requireIf}; the rest is the confirmation filter's), the workspace lifetime policy
 * ({@link WorkspacePolicies}), the audit trail and problem+json answers. Names and notes reach the
 * audit trail redacted, so a secret pasted into one is never stored there.
 */
@Singleton
public class TokenLifecycleSupport implements LifecycleSupport<Caller> {
    private final Confirmations confirmations;
    private final WorkspacePolicies policies;
    private final AuditTrail audit;
    private final Clock clock;
    private final SupersededSecrets superseded;
    private final Duration maxGrace;

    public TokenLifecycleSupport(Confirmations confirmations, WorkspacePolicies policies, AuditTrail audit,
                                 SupersededSecrets superseded, TokenSettings settings, Clock clock) {
        this.superseded = superseded;
        this.maxGrace = settings.maxGrace();
        this.confirmations = confirmations;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return Times.now(clock);
    }

    @Override
    public UUID newId() {
        return Ids.newId();
    }

    @Override
    public Optional<UUID> parseId(String text) {
        return Ids.parse(text);
    }

    @Override
    @Transactional
    public <R> R inTransaction(Supplier<R> work) {
        return work.get();
    }

    @Override
    public void requireConfirmationIf(Caller caller, boolean sensitive) {
        confirmations.requireIf(caller, sensitive);
    }

    @Override
    public void checkLifetime(UUID workspaceId, Instant expiresAt, Instant now) {
        policies.checkLifetime(workspaceId, expiresAt, now);
    }

    @Override
    public SupersededSecrets superseded() {
        return superseded;
    }

    /** {@code latchkey.tokens.max-grace}, lowered by the workspace policy's {@code maxGraceSeconds}. */
    @Override
    public Duration maxGrace(UUID workspaceId) {
        return workspaceId == null ? maxGrace : policies.maxGrace(workspaceId, maxGrace);
    }

    @Override
    public void audit(Caller caller, LifecycleEvent event, TokenKind kind, UUID tokenId, UUID workspaceId,
                      UUID ownerUser, String details) {
        audit.record(AuditEvent.by(caller, action(event)).onToken(kind.code(), tokenId, workspaceId, ownerUser)
                .withDetails(AuditTrail.redact(details)));
    }

    private static AuditAction action(LifecycleEvent event) {
        return switch (event) {
            case CREATED -> AuditAction.TOKEN_CREATED;
            case UPDATED -> AuditAction.TOKEN_UPDATED;
            case REGENERATED -> AuditAction.TOKEN_REGENERATED;
            case ROTATED -> AuditAction.TOKEN_ROTATED;
            case COPIED -> AuditAction.TOKEN_COPIED;
            case REVOKED -> AuditAction.TOKEN_REVOKED;
        };
    }

    @Override
    public RuntimeException notFound() {
        return ProblemException.notFound("token not found");
    }

    @Override
    public RuntimeException badRequest(String field, String message) {
        return ProblemException.badRequest(field, message);
    }

    @Override
    public RuntimeException conflict(String message) {
        return ProblemException.conflict(message);
    }
}
