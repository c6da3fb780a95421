package dev.latchkey.authz;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Permissions held at a scope, with a human-readable account of where they come from
 * (for example {@code "workspace role OWNER"}) that decisions and explanations quote.
 */
public record Grant(Scope scope, Set<Permission> permissions, String source) {

    public Grant {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(source, "source");
        EnumSet<Permission> copy = EnumSet.noneOf(Permission.class);
        copy.addAll(permissions);
        permissions = Collections.unmodifiableSet(copy);
    }
}
