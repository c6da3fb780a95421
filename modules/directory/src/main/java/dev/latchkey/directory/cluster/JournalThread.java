package dev.latchkey.directory.cluster;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The invalidation journal's own thread ({@code @Scheduled(scheduler = "journal")}): the poll that
 * carries revocations to this node never waits behind other scheduled work.
 */
@Factory
class JournalThread {
    @Singleton
    @Named("journal")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService journal() {
        return new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "invalidation-journal");
            t.setDaemon(true);
            return t;
        });
    }
}
