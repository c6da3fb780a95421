package dev.latchkey.app.config;

import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.TokenHasher;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.security.SecureRandom;

/** The pure-Java token machinery of token-core, wired once for all three kinds. */
@Factory
class TokenFactory {
    @Singleton
    TokenHasher tokenHasher(LatchkeySecrets secrets) {
        return new TokenHasher(secrets.pepper(), secrets.oldPeppers());
    }

    @Singleton
    TokenIssuer tokenIssuer(TokenHasher hasher) {
        return new TokenIssuer(new TokenSecrets(new SecureRandom()), hasher);
    }

    @Singleton
    LastUsedTracker lastUsedTracker() {
        return new LastUsedTracker();
    }
}
