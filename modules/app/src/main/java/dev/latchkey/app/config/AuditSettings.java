package dev.latchkey.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.audit.*}, typed.
 *
 * @param refusalInterval at most one audited refusal per token and reason within this interval
 *                        ({@code latchkey.audit.refusal-interval}, default 1m)
 */
@ConfigurationProperties("latchkey.audit")
public record AuditSettings(@Bindable(defaultValue = "1m") Duration refusalInterval) {
}
