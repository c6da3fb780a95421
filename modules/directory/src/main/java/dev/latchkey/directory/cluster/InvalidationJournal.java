package dev.latchkey.directory.cluster;

import dev.latchkey.directory.tokens.TokenSettings;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * How a change made on one node reaches the per-node caches of every other node within a second:
 * the change appends the invalidated cache key to a table in its own transaction (so an entry
 * exists exactly when the change committed), and every node polls the table every
 * {@code latchkey.cluster.poll} for entries after the last one it applied. The cache TTL stays the
 * backstop for whatever the journal misses (a node cut off from the database misses nothing it
 * could act on: the change could not be made without the database either).
 *
 * <p>Auto-increment ids are handed out at insert but become visible at commit, so a slow
 * transaction's entry can appear behind one already applied. Ids skipped over are remembered as
 * gaps and asked for again until the cache TTL has passed (after which the TTL has done the job).
 */
@Singleton
public class InvalidationJournal {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationJournal.class);
    private static final int BATCH = 1000;
    private static final int MAX_GAPS = 10_000;

    private final JournalRepository entries;
    private final Clock clock;
    private final Duration gapPatience;
    private final Duration retention;
    private final Map<String, List<Consumer<String>>> caches = new ConcurrentHashMap<>();
    /** Ids skipped over, by when they were first missed. */
    private final Map<Long, Instant> gaps = new HashMap<>();
    private long cursor = -1;
    private boolean failing;
    /** When this node last read the journal through; starts at creation, so a node that never could shows its lag. */
    private volatile Instant caughtUpAt;

    public InvalidationJournal(JournalRepository entries, Clock clock, TokenSettings tokens, ClusterSettings cluster,
                               MeterRegistry meters) {
        this.entries = entries;
        this.clock = clock;
        this.gapPatience = tokens.cacheTtl().plusSeconds(1);
        this.retention = cluster.retention();
        this.caughtUpAt = clock.instant();
        // per node by Prometheus's own instance label: a node id as a label would add nothing
        Gauge.builder("latchkey.invalidation.journal.lag", this, InvalidationJournal::lagSeconds).baseUnit("seconds")
                .description("Seconds since this node last read the invalidation journal through (normally under latchkey.cluster.poll)")
                .register(meters);
    }

    /** How stale this node's view of other nodes' changes may be, at most (plus one poll). */
    double lagSeconds() {
        return Math.max(0, Duration.between(caughtUpAt, clock.instant()).toMillis() / 1000.0);
    }

    /** How this node drops a key from the named cache when another node's entry names it. */
    public void register(String cache, Consumer<String> invalidate) {
        caches.computeIfAbsent(cache, c -> new CopyOnWriteArrayList<>()).add(invalidate);
    }

    /** Records that {@code key} of {@code cache} changed; joins the surrounding transaction if there is one. */
    public void append(String cache, String key) {
        entries.save(new JournalEntry(null, cache, key, clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    }

    /**
     * One poll: new entries first (one indexed range read), then ids skipped over by earlier polls.
     * Runs on its own thread ({@code micronaut.executors.journal}), so no other scheduled work
     * (last-use flushes, pruning) can hold it up.
     */
    @Scheduled(fixedDelay = "${latchkey.cluster.poll:100ms}", scheduler = "journal")
    synchronized void follow() {
        try {
            if (cursor < 0) {
                cursor = entries.lastId(); // the caches start empty: nothing older concerns them
                caughtUpAt = clock.instant();
                return;
            }
            Instant now = clock.instant();
            List<Long> missedEarlier = gaps.isEmpty() ? List.of() : new ArrayList<>(gaps.keySet());
            List<JournalEntry> batch;
            do {
                batch = entries.after(cursor, BATCH);
                for (JournalEntry entry : batch) {
                    for (long skipped = cursor + 1; skipped < entry.id() && gaps.size() < MAX_GAPS; skipped++) {
                        gaps.put(skipped, now);
                    }
                    cursor = entry.id();
                    apply(entry);
                }
            } while (batch.size() == BATCH);
            if (!missedEarlier.isEmpty()) {
                for (JournalEntry late : entries.findByIdInList(missedEarlier)) {
                    gaps.remove(late.id());
                    apply(late);
                }
                gaps.values().removeIf(missedAt -> missedAt.plus(gapPatience).isBefore(now));
            }
            caughtUpAt = now;
            if (failing) {
                LOG.info("following the invalidation journal again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read the invalidation journal (caches fall back to their TTL): {}", e.toString());
                failing = true;
            }
        }
    }

    private void apply(JournalEntry entry) {
        caches.getOrDefault(entry.cacheName(), List.of()).forEach(invalidate -> invalidate.accept(entry.cacheKey()));
    }

    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void prune() {
        try {
            entries.deleteOlderThan(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            LOG.debug("journal pruning skipped: {}", e.toString());
        }
    }
}
