package dev.latchkey.directory.governance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code latchkey_token_approvals_pending}: how many personal-token requests wait for an owner, over
 * all workspaces (no workspace label: the label set stays closed). Counted by a scheduled query, not
 * at scrape time, so a scrape never waits for the database; the value is the database's, so every
 * node reports the same number (dashboards take the max).
 */
// created at start-up, not at the first count: the gauge is there from the first scrape
@Context
public class PendingApprovals {
    private static final Logger LOG = LoggerFactory.getLogger(PendingApprovals.class);

    private final PersonalTokenAccessRepository rows;
    private volatile double pending;

    PendingApprovals(PersonalTokenAccessRepository rows, MeterRegistry meters) {
        this.rows = rows;
        Gauge.builder("latchkey.token.approvals.pending", this, p -> p.pending)
                .description("Personal-token requests waiting for a workspace owner's approval, all workspaces (refreshed every 30 s)")
                .register(meters);
    }

    /** Counts again; on a database error the last count stays (the db-unavailable series say why). */
    @Scheduled(fixedDelay = "30s", initialDelay = "5s")
    public void refresh() {
        try {
            pending = rows.countByState(PersonalTokenAccess.State.PENDING.code());
        } catch (RuntimeException e) {
            LOG.debug("pending approvals not counted: {}", e.toString());
        }
    }
}
