package dev.latchkey.tokens.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the latest use of each token in memory so that a busy token costs no database write per
 * request; the app drains it once per flush interval. A token used a thousand times in that
 * interval is written once, with its latest time and address.
 */
public final class LastUsedTracker {
    private final ConcurrentHashMap<UUID, LastUse> pending = new ConcurrentHashMap<>();

    public void record(LastUse use) {
        pending.merge(use.tokenId(), use, (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
    }

    /** Takes everything recorded so far; uses recorded meanwhile stay for the next drain. */
    public List<LastUse> drain() {
        List<LastUse> drained = new ArrayList<>(pending.size());
        for (Map.Entry<UUID, LastUse> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) {
                drained.add(e.getValue());
            }
        }
        return drained;
    }

    public int pendingCount() {
        return pending.size();
    }
}
