package dev.latchkey.directory.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.security.*}, typed: the session and confirmation rules' windows, read once here.
 *
 * @param sudoWindow       how recent a login counts as a password confirmation
 *                         ({@code latchkey.security.sudo-window}, default 5m)
 * @param sessionClockSkew how far a session JWT's {@code iat}/{@code nbf} may lie in the future
 *                         ({@code latchkey.security.session-clock-skew}, default 60s)
 */
@ConfigurationProperties("latchkey.security")
public record SecuritySettings(@Bindable(defaultValue = "5m") Duration sudoWindow,
                               @Bindable(defaultValue = "60s") Duration sessionClockSkew) {
}
