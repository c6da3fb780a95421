package dev.latchkey.tokens.core;

import com.github.benmanes.caffeine.cache.Cache;

import java.util.function.Consumer;

/**
 * Per-node caches whose invalidations every node must see (docs/deployment.md, "Scale-out and
 * failure"): the app evicts on this node now and again after the surrounding transaction, and
 * journals the key so the other nodes evict it within {@code latchkey.cluster.poll}.
 */
@FunctionalInterface
public interface SharedCaches {
    /**
     * @param cache      a name the same on every node
     * @param invalidate drops one key from this node's cache
     * @return the eviction to call when a key changes in storage
     */
    Consumer<String> register(String cache, Consumer<String> invalidate);

    /**
     * Exposes the cache's hits, misses, evictions and size under {@code name} (a fixed name, the
     * same on every node; docs/operations.md, "Metrics"). The cache must record its statistics.
     */
    default void monitor(String name, Cache<?, ?> cache) {
    }
}
