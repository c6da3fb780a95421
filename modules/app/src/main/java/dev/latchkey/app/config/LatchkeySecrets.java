package dev.latchkey.app.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.StandardCharsets;

/**
 * The JWT signing secret and the token pepper, as configured (or, on the embedded default, as
 * {@link StartupChecks} generated them). Created eagerly so a missing or short secret stops the
 * start rather than the first request.
 */
@Context
public class LatchkeySecrets {
    private final byte[] pepper;

    public LatchkeySecrets(@Value("${latchkey.jwt.secret:}") String jwtSecret,
                           @Value("${latchkey.tokens.pepper:}") String pepper) {
        String refusal = StartupChecks.refusal(jwtSecret, pepper);
        if (refusal != null) {
            throw new ConfigurationException(refusal);
        }
        this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] pepper() {
        return pepper.clone();
    }
}
