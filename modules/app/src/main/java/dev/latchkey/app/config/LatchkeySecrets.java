package dev.latchkey.app.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JWT signing secret and the token pepper, as configured (or, on the embedded default, as
 * {@link StartupChecks} generated them). Created eagerly so a missing or short secret stops the
 * start rather than the first request.
 * <p>
 * Unlike the other {@code latchkey.*} prefixes these stay {@code @Value}s rather than a settings
 * record: a record's generated {@code toString} would print the secrets wherever it is logged.
 */
@Context
public class LatchkeySecrets {
    private final byte[] pepper;
    private final List<byte[]> oldPeppers;

    public LatchkeySecrets(@Value("${latchkey.jwt.secret:}") String jwtSecret,
                           @Value("${latchkey.tokens.pepper:}") String pepper,
                           @Value("${latchkey.tokens.old-peppers:}") List<String> oldPeppers) {
        String refusal = StartupChecks.refusal(jwtSecret, pepper);
        if (refusal != null) {
            throw new ConfigurationException(refusal);
        }
        this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
        this.oldPeppers = oldPeppers.stream().map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Peppers in use before the current one, most recent first: still accepted, re-keyed at first use. */
    public List<byte[]> oldPeppers() {
        return oldPeppers.stream().map(byte[]::clone).toList();
    }

    public byte[] pepper() {
        return pepper.clone();
    }
}
