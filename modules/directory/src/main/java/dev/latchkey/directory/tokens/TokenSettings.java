package dev.latchkey.directory.tokens;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code latchkey.tokens.*}, typed: read once, in one place, by every cache that holds what a
 * token resolves to, and by rotation.
 *
 * @param cacheTtl how long a node trusts what it read about a token, its subject and its policy
 *                 ({@code latchkey.tokens.cache-ttl}, default 5s); changes made on the node evict at once
 * @param maxGrace the longest a rotated token's previous secret may keep working
 *                 ({@code latchkey.tokens.max-grace}, default 7 days); a workspace policy may lower it
 */
@ConfigurationProperties("latchkey.tokens")
public record TokenSettings(@Bindable(defaultValue = "5s") Duration cacheTtl,
                            @Bindable(defaultValue = "7d") Duration maxGrace) {
}
