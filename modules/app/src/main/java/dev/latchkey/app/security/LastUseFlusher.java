package dev.latchkey.app.security;

import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.TokenKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes last uses once per {@code latchkey.tokens.last-used-flush} (and at shutdown): at most one
 * write per token per interval, none on the request path. A use from another address than the one
 * stored is recorded as {@code token.used_from_new_ip} here, at flush time, for the same reason.
 *
 * <p>The uses are written in batches of {@value #BATCH} tokens of a kind, each batch one transaction
 * (one commit, not one per token) with one query for the addresses stored before
 * ({@link LastUsedSink#lastUsedIps}) and one {@code UPDATE} per token: when every request brings a
 * token the node has not seen (the miss path), each of them has a use to write.
 *
 * <p>Created with the context ({@code @Context}), not at its first scheduled run: a lazily created
 * flusher did not exist yet when a node was stopped within its first interval, so its
 * {@code @PreDestroy} never ran and those uses were lost. Destroyed before the pool it depends on.
 */
@Context
public class LastUseFlusher {
    private static final Logger LOG = LoggerFactory.getLogger(LastUseFlusher.class);
    static final int BATCH = 500;

    private final LastUsedTracker tracker;
    private final Map<TokenKind, LastUsedSink> sinks = new EnumMap<>(TokenKind.class);
    private final TokenEvents events;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    private final DistributionSummary batchSize;
    private final Counter failures;
    /** When the pending uses were last all written; the lag is measured from it while uses wait. */
    private volatile Instant flushedAt;

    public LastUseFlusher(LastUsedTracker tracker, List<LastUsedSink> sinks, TokenEvents events, Clock clock,
                          TransactionOperations<Connection> transactions, MeterRegistry meters) {
        this.tracker = tracker;
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
        this.flushedAt = clock.instant();
        sinks.forEach(s -> this.sinks.put(s.kind(), s));
        this.batchSize = DistributionSummary.builder("latchkey.last.use.flush.batch.size")
                .description("Last uses written per flush").register(meters);
        this.failures = Counter.builder("latchkey.last.use.flush.failures")
                .description("Flushes of a token kind's last uses that failed (the uses are kept for the next one)").register(meters);
        Gauge.builder("latchkey.last.use.flush.lag", this, LastUseFlusher::lagSeconds).baseUnit("seconds")
                .description("How long the last uses now pending have waited at most (0 when none is pending)").register(meters);
        Gauge.builder("latchkey.last.use.pending", tracker, LastUsedTracker::pendingCount)
                .description("Tokens whose last use waits for the next flush").register(meters);
    }

    double lagSeconds() {
        if (tracker.pendingCount() == 0) {
            return 0;
        }
        return Math.max(0, Duration.between(flushedAt, clock.instant()).toMillis() / 1000.0);
    }

    @Scheduled(fixedDelay = "${latchkey.tokens.last-used-flush:1m}", initialDelay = "${latchkey.tokens.last-used-flush:1m}")
    public void flush() {
        Instant started = clock.instant();
        List<LastUse> uses = tracker.drain();
        if (uses.isEmpty()) {
            flushedAt = started;
            return;
        }
        boolean[] failed = {false};
        Map<TokenKind, List<LastUse>> byKind = new EnumMap<>(TokenKind.class);
        uses.forEach(u -> byKind.computeIfAbsent(u.kind(), k -> new ArrayList<>()).add(u));
        byKind.forEach((kind, list) -> {
            LastUsedSink sink = sinks.get(kind);
            if (sink == null) {
                LOG.warn("no last-use sink for {} tokens; {} uses dropped", kind, list.size());
                return;
            }
            List<LastUsedSink.NewAddress> changes = new ArrayList<>();
            int written = 0;
            for (int from = 0; from < list.size(); from += BATCH) {
                List<LastUse> batch = list.subList(from, Math.min(list.size(), from + BATCH));
                try {
                    changes.addAll(transactions.executeWrite(status -> sink.writeReportingNewAddresses(batch)));
                    written += batch.size();
                } catch (RuntimeException e) {
                    // this batch and the ones after it are put back: an outage delays last-used, never loses it
                    List<LastUse> unwritten = list.subList(from, list.size());
                    unwritten.forEach(tracker::record);
                    failures.increment();
                    failed[0] = true;
                    LOG.warn("could not write last uses of {} {} tokens: {}", unwritten.size(), kind, e.toString());
                    break;
                }
            }
            if (written > 0) {
                batchSize.record(written);
            }
            changes.forEach(events::usedFromNewAddress);
        });
        if (!failed[0]) {
            flushedAt = started;
        }
    }

    @PreDestroy
    void flushOnShutdown() {
        LOG.info("flushing {} pending last uses at shutdown", tracker.pendingCount());
        flush();
    }
}
