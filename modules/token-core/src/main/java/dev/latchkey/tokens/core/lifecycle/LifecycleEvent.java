package dev.latchkey.tokens.core.lifecycle;

/** What the lifecycle audits; the app maps each to its audit action ({@code token.created}, ...). */
public enum LifecycleEvent {
    CREATED, UPDATED, REGENERATED, ROTATED, COPIED, REVOKED
}
