package dev.latchkey.directory.cluster;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.cluster.*}, typed. The poll interval itself is read by the scheduler
 * ({@code @Scheduled(fixedDelay = "${latchkey.cluster.poll:100ms}", scheduler = "journal")} on {@link InvalidationJournal}).
 *
 * @param retention how long journal entries are kept before they are pruned (default 1h)
 */
@ConfigurationProperties("latchkey.cluster")
public record ClusterSettings(@Bindable(defaultValue = "1h") Duration retention) {
}
