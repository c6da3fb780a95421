package dev.latchkey.directory.common;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The series every per-node cache exposes, labelled by the cache's fixed name only (never a key):
 * {@code latchkey_cache_requests_total{cache,result="hit"|"miss"}},
 * {@code latchkey_cache_evictions_total{cache}} (size or expiry) and {@code latchkey_cache_size{cache}}.
 * The cache must be built with {@code recordStats()}; the figures are read from Caffeine's own
 * statistics at scrape time, so nothing is counted on the request path.
 */
public final class CacheMetrics {
    private CacheMetrics() {
    }

    public static <C extends Cache<?, ?>> C bind(MeterRegistry registry, String cache, C caffeine) {
        FunctionCounter.builder("latchkey.cache.requests", caffeine, c -> c.stats().hitCount())
                .tag("cache", cache).tag("result", "hit")
                .description("Lookups in a per-node cache, by result").register(registry);
        FunctionCounter.builder("latchkey.cache.requests", caffeine, c -> c.stats().missCount())
                .tag("cache", cache).tag("result", "miss")
                .description("Lookups in a per-node cache, by result").register(registry);
        FunctionCounter.builder("latchkey.cache.evictions", caffeine, c -> c.stats().evictionCount())
                .tag("cache", cache)
                .description("Entries a per-node cache dropped for size or age").register(registry);
        Gauge.builder("latchkey.cache.size", caffeine, Cache::estimatedSize)
                .tag("cache", cache)
                .description("Entries in a per-node cache (estimate)").register(registry);
        return caffeine;
    }
}
