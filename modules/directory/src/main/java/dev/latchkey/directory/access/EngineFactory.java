package dev.latchkey.directory.access;

import dev.latchkey.authz.AuthorizationEngine;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
class EngineFactory {
    /** One engine for the whole product: every allow or deny comes from it. */
    @Singleton
    AuthorizationEngine authorizationEngine() {
        return new AuthorizationEngine();
    }
}
