package dev.latchkey.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code latchkey.metrics.*}, typed.
 *
 * @param scrapeToken the bearer token a scraper must send to read {@code /prometheus} on the public
 *                    listener ({@code LATCHKEY_METRICS_SCRAPE_TOKEN}); unset, metrics are served only
 *                    on the management port ({@code ENDPOINTS_ALL_PORT}). At least 32 characters.
 */
@Context // checked at start, not at the first scrape
@ConfigurationProperties("latchkey.metrics")
public record MetricsSettings(@Nullable String scrapeToken) {
    public static final int MIN_SCRAPE_TOKEN = 32;

    public MetricsSettings {
        if (scrapeToken != null && scrapeToken.isBlank()) {
            scrapeToken = null;
        }
        if (scrapeToken != null && scrapeToken.length() < MIN_SCRAPE_TOKEN) {
            throw new IllegalArgumentException("latchkey.metrics.scrape-token must have at least "
                    + MIN_SCRAPE_TOKEN + " characters (generate one with: openssl rand -base64 48)");
        }
    }
}
