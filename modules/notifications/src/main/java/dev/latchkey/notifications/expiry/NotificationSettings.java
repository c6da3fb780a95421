package dev.latchkey.notifications.expiry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.notifications.*} (docs/notifications.md).
 *
 * @param dashboardUrl where people reach the dashboard; the links in e-mails start with it
 * @param expiryScan   how often each node looks for tokens to warn about (the claim in the
 *                     database makes each notice go out once, whatever the number of nodes)
 */
@ConfigurationProperties("latchkey.notifications")
public record NotificationSettings(@Bindable(defaultValue = "http://localhost:8080") String dashboardUrl,
                                   @Bindable(defaultValue = "1h") Duration expiryScan) {
}
