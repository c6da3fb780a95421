package dev.latchkey.notifications.webhooks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.webhooks.*} (docs/notifications.md).
 *
 * @param allowPrivate   deliver to private, loopback and link-local addresses (off: such URLs are refused)
 * @param poll           how often each node looks for due deliveries
 * @param connectTimeout bound on connecting to a receiver
 * @param timeout        bound on the whole request to a receiver
 * @param maxAttempts    attempts before a delivery is marked failed
 * @param initialBackoff the wait after the first failure; doubled after each further one
 * @param maxBackoff     the longest wait between two attempts
 */
@ConfigurationProperties("latchkey.webhooks")
public record WebhookSettings(
        @Bindable(defaultValue = "false") boolean allowPrivate,
        @Bindable(defaultValue = "1s") Duration poll,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "8") int maxAttempts,
        @Bindable(defaultValue = "30s") Duration initialBackoff,
        @Bindable(defaultValue = "6h") Duration maxBackoff) {

    /** The wait after the {@code attempts}-th failed attempt: initial, doubled each time, capped. */
    public Duration backoffAfter(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
