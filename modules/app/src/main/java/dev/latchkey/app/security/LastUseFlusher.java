package dev.latchkey.app.security;

import dev.latchkey.tokens.core.LastUse;
import dev.latchkey.tokens.core.LastUsedSink;
import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.TokenKind;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes last uses once per {@code latchkey.tokens.last-used-flush} (and at shutdown): at most one
 * write per token per interval, none on the request path. A use from another address than the one
 * stored is recorded as {@code token.used_from_new_ip} here, at flush time, for the same reason.
 *
 * <p>Created with the context ({@code @Context}), not at its first scheduled run: a lazily created
 * flusher did not exist yet when a node was stopped within its first interval, so its
 * {@code @PreDestroy} never ran and those uses were lost. Destroyed before the pool it depends on.
 */
@Context
public class LastUseFlusher {
    private static final Logger LOG = LoggerFactory.getLogger(LastUseFlusher.class);

    private final LastUsedTracker tracker;
    private final Map<TokenKind, LastUsedSink> sinks = new EnumMap<>(TokenKind.class);
    private final TokenEvents events;

    public LastUseFlusher(LastUsedTracker tracker, List<LastUsedSink> sinks, TokenEvents events) {
        this.tracker = tracker;
        this.events = events;
        sinks.forEach(s -> this.sinks.put(s.kind(), s));
    }

    @Scheduled(fixedDelay = "${latchkey.tokens.last-used-flush:1m}", initialDelay = "${latchkey.tokens.last-used-flush:1m}")
    public void flush() {
        List<LastUse> uses = tracker.drain();
        if (uses.isEmpty()) {
            return;
        }
        Map<TokenKind, List<LastUse>> byKind = new EnumMap<>(TokenKind.class);
        uses.forEach(u -> byKind.computeIfAbsent(u.kind(), k -> new ArrayList<>()).add(u));
        byKind.forEach((kind, list) -> {
            LastUsedSink sink = sinks.get(kind);
            if (sink == null) {
                LOG.warn("no last-use sink for {} tokens; {} uses dropped", kind, list.size());
                return;
            }
            List<LastUsedSink.NewAddress> changes;
            try {
                changes = sink.writeReportingNewAddresses(list);
            } catch (RuntimeException e) {
                // the uses are put back so an outage delays last-used, never loses it
                list.forEach(tracker::record);
                LOG.warn("could not write last uses of {} {} tokens: {}", list.size(), kind, e.toString());
                return;
            }
            changes.forEach(events::usedFromNewAddress);
        });
    }

    @PreDestroy
    void flushOnShutdown() {
        LOG.info("flushing {} pending last uses at shutdown", tracker.pendingCount());
        flush();
    }
}
