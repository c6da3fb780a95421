package dev.latchkey.authz;

import java.util.Objects;

/** May {@code principal} do {@code permission} on {@code resource}? */
public record CheckRequest(Principal principal, Permission permission, Resource resource) {

    public CheckRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(resource, "resource");
    }
}
