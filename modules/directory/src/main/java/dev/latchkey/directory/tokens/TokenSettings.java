package dev.latchkey.directory.tokens;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.tokens.*}, typed: read once, in one place, by every cache that holds what a
 * token resolves to.
 *
 * @param cacheTtl how long a node trusts what it read about a token, its subject and its policy
 *                 ({@code latchkey.tokens.cache-ttl}, default 5s); changes made on the node evict at once
 */
@ConfigurationProperties("latchkey.tokens")
public record TokenSettings(@Bindable(defaultValue = "5s") Duration cacheTtl) {
}
