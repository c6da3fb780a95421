package dev.latchkey.authz;

import java.util.Objects;

/**
 * The answer to a {@link CheckRequest}.
 *
 * @param grant the source of a deciding grant, or null: when allowed, a subject grant that
 *              supplied the permission; when the subject lacks it, the token grant that would have
 *              allowed it; otherwise null, since no grant decided a refusal
 */
public record Decision(boolean allowed, Reason reason, Permission permission, Resource resource, String grant) {

    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(resource, "resource");
        if (allowed != (reason == Reason.ALLOWED)) {
            throw new IllegalArgumentException("allowed must agree with reason " + reason);
        }
    }

    /** Whether the caller may learn that the resource exists (HTTP: 403 rather than 404 on denial). */
    public boolean visible() {
        return reason != Reason.NO_ACCESS;
    }
}
