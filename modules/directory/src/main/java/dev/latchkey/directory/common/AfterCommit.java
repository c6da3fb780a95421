package dev.latchkey.directory.common;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.tokens.core.SharedCaches;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import dev.latchkey.directory.cluster.InvalidationJournal;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * Runs a cache eviction now and again once the surrounding transaction has ended, and (for a
 * {@link #shared} cache) journals it so every other node evicts too. Evicting only
 * inside the transaction leaves a window: a concurrent request misses the cache, reads the
 * still-committed old row and caches it again; the second eviction closes that window, so once a
 * revoke has answered no use succeeds on this node.
 */
@Singleton
public class AfterCommit implements SharedCaches {
    private final TransactionOperations<Connection> transactions;
    private final InvalidationJournal journal;
    private final MeterRegistry meters;

    public AfterCommit(TransactionOperations<Connection> transactions, InvalidationJournal journal, MeterRegistry meters) {
        this.transactions = transactions;
        this.journal = journal;
        this.meters = meters;
    }

    @Override
    public Consumer<String> register(String cache, Consumer<String> invalidate) {
        return shared(cache, invalidate);
    }

    /** {@link CacheMetrics} for this cache; every shared cache is monitored where it is made shared. */
    @Override
    public void monitor(String name, Cache<?, ?> cache) {
        CacheMetrics.bind(meters, name, cache);
    }

    /**
     * The one place where a per-node cache becomes cluster-wide: registers how this node drops a
     * key of {@code cache} and returns the eviction to call when a key changes in storage — here
     * now and after the transaction, and through the journal (written in the same transaction)
     * on every other node within {@code latchkey.cluster.poll}.
     */
    public Consumer<String> shared(String cache, Consumer<String> invalidate) {
        journal.register(cache, invalidate);
        return key -> {
            evict(() -> invalidate.accept(key));
            journal.append(cache, key);
        };
    }

    public void evict(Runnable eviction) {
        eviction.run();
        transactions.findTransactionStatus().ifPresent(status -> status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status completion) {
                eviction.run();
            }
        }));
    }
}
