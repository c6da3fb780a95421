package dev.latchkey.authz;

/**
 * Told of every {@link AuthorizationEngine#check} decision, after it is made; the app counts them
 * by reason (docs/operations.md, "Metrics"). Must be cheap and must not throw: it runs on the
 * caller's thread, often the event loop.
 */
@FunctionalInterface
public interface DecisionListener {
    DecisionListener NONE = decision -> { };

    void decided(Decision decision);
}
