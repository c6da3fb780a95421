package dev.latchkey.directory.common;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;

/**
 * Runs a cache eviction now and again once the surrounding transaction has ended. Evicting only
 * inside the transaction leaves a window: a concurrent request misses the cache, reads the
 * still-committed old row and caches it again; the second eviction closes that window, so once a
 * revoke has answered no use succeeds on this node.
 */
@Singleton
public class AfterCommit {
    private final TransactionOperations<Connection> transactions;

    public AfterCommit(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
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
