package dev.latchkey.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * {@code latchkey.http.*}, typed: which proxies are believed about the client address
 * ({@code ClientAddresses} validates both).
 *
 * @param trustedProxies  addresses/CIDRs whose forwarding header is believed
 *                        ({@code latchkey.http.trusted-proxies}, default none)
 * @param forwardedHeader the header they write ({@code latchkey.http.forwarded-header}, default X-Forwarded-For)
 */
@ConfigurationProperties("latchkey.http")
public record HttpSettings(@Nullable List<String> trustedProxies,
                           @Bindable(defaultValue = "X-Forwarded-For") String forwardedHeader) {
    public HttpSettings {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
