package dev.latchkey.app.governance;

import dev.latchkey.app.security.TokenAuthenticator;
import dev.latchkey.app.security.TokenEvents;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.policy.WorkspacePolicies;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * {@code revokeUnusedAfterDays} (issue #19): once an hour, one node revokes every live token bound to a
 * workspace with that rule (its workspace and service tokens, PATs limited to it) that has not been
 * used for that many days — a never-used one counted from its creation — audited
 * {@code token.revoked_unused}. Which node runs is settled by the database: the node whose
 * conditional UPDATE of the {@code scheduled_job_locks} row succeeds holds the run for
 * {@link #LEASE}; the others find the row taken and do nothing.
 */
@Singleton
public class UnusedTokenCleanup {
    public static final String JOB = "unused-token-cleanup";
    static final Duration LEASE = Duration.ofMinutes(50);
    private static final Logger LOG = LoggerFactory.getLogger(UnusedTokenCleanup.class);
    private final JobLockRepository locks;
    private final WorkspacePolicies policies;
    private final CredentialInventoryRepository credentials;
    private final TokenEvents events;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();

    UnusedTokenCleanup(JobLockRepository locks, WorkspacePolicies policies, CredentialInventoryRepository credentials,
                       TokenEvents events, Clock clock) {
        this.locks = locks;
        this.policies = policies;
        this.credentials = credentials;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("unused-token clean-up failed; the next run retries: {}", e.toString());
        }
    }

    /** One run: -1 when another node holds this run, else the number of tokens revoked. */
    public int run() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (locks.claim(JOB, node, now, now.plus(LEASE)) != 1) {
            return -1;
        }
        int revoked = 0;
        for (Map.Entry<UUID, Integer> rule : policies.unusedTokenRules().entrySet()) {
            Instant cutoff = now.minus(Duration.ofDays(rule.getValue()));
            for (CredentialRow r : credentials.idleSince(rule.getKey(), cutoff, now)) {
                boolean done = events.revoke(new TokenAuthenticator.Identified(CredentialInventory.kindOf(r.kind()), r.id()),
                        "unused for " + rule.getValue() + " days (revokeUnusedAfterDays)",
                        AuditEvent.of(AuditAction.TOKEN_REVOKED_UNUSED, AuditEvent.Actor.anonymous())
                                .withDetails("unused since " + r.idleSince() + "; workspace policy revokeUnusedAfterDays="
                                        + rule.getValue()));
                revoked += done ? 1 : 0;
            }
        }
        if (revoked > 0) {
            LOG.info("unused-token clean-up revoked {} token(s)", revoked);
        }
        return revoked;
    }
}
