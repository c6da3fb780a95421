package dev.latchkey.app.config;

import dev.latchkey.notifications.webhooks.SecretBox;
import dev.latchkey.tokens.core.LastUsedTracker;
import dev.latchkey.tokens.core.TokenHasher;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenSecrets;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.security.SecureRandom;

/** The pure-Java token machinery of token-core, wired once for all three kinds (and the webhook sealing keys). */
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

    /** Webhook signing secrets are sealed under keys derived from the peppers, current first. */
    @Singleton
    SecretBox.SealingKeys webhookSealingKeys(LatchkeySecrets secrets) {
        java.util.List<byte[]> peppers = new java.util.ArrayList<>();
        peppers.add(secrets.pepper());
        peppers.addAll(secrets.oldPeppers());
        return () -> peppers;
    }

    @Singleton
    LastUsedTracker lastUsedTracker() {
        return new LastUsedTracker();
    }
}
