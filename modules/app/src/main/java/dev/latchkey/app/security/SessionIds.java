package dev.latchkey.app.security;

import io.micronaut.security.token.claims.JtiGenerator;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Every login JWT gets a random session id ({@code jti}), so logout can end that one session. */
@Singleton
class SessionIds implements JtiGenerator {
    @Override
    public String generateJtiClaim() {
        return UUID.randomUUID().toString();
    }
}
