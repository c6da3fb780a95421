package dev.latchkey.authz;

/**
 * The kind of resource a permission is about. A permission is only meaningful on a resource of its
 * own level; {@link #ANY} (only {@code owner}) is meaningful everywhere.
 */
public enum Level {
    WORKSPACE,
    USER,
    PROJECT,
    ANY;

    /** Whether a permission of this level can be asked about on a resource of {@code resourceLevel}. */
    public boolean meaningfulAt(Level resourceLevel) {
        return this == ANY || this == resourceLevel;
    }
}
