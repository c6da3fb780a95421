package dev.latchkey.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code latchkey.auth.*}, typed.
 *
 * @param queryParameter accept {@code ?access_token=} (RFC 6750 §2.3) and its alias {@code ?session=}
 *                       ({@code latchkey.auth.query-parameter}, default false because URLs end up in logs)
 */
@ConfigurationProperties("latchkey.auth")
public record AuthSettings(@Bindable(defaultValue = "false") boolean queryParameter) {
}
