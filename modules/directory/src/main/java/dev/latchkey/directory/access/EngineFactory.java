package dev.latchkey.directory.access;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.DecisionListener;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.List;

@Factory
class EngineFactory {
    /** One engine for the whole product: every allow or deny comes from it. */
    @Singleton
    AuthorizationEngine authorizationEngine(List<DecisionListener> listeners) {
        return new AuthorizationEngine(decision -> listeners.forEach(l -> l.decided(decision)));
    }
}
