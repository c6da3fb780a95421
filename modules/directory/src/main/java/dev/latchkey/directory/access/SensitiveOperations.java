package dev.latchkey.directory.access;

import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.policy.WorkspacePolicy;
import dev.latchkey.directory.user.UserStatus;
import dev.latchkey.tokens.core.IpRestrictions;
import io.micronaut.core.annotation.Nullable;

/**
 * The conditions under which a {@link SensitiveWhen} route needs a confirmation, one named rule per
 * kind of change, so the answer to "is this sensitive?" is written once and is the same for every
 * token kind. Services ask here and pass the answer to {@link Confirmations#requireIf}.
 */
public final class SensitiveOperations {

    private SensitiveOperations() {
    }

    /** Adding a member as, or promoting one to, ADMIN or OWNER (before is null for a new member). */
    public static boolean makesAdminOrOwner(@Nullable WorkspaceRole before, WorkspaceRole after) {
        return after != WorkspaceRole.MEMBER && after != before;
    }

    /** A suspended service user made ACTIVE again: every token it still has works again. */
    public static boolean revivesServiceUser(UserStatus before, @Nullable UserStatus after) {
        return before == UserStatus.SUSPENDED && after == UserStatus.ACTIVE;
    }

    /** A token's IP restrictions (stored forms) change so that some address is admitted that was not. */
    public static boolean widensIpRestrictions(@Nullable String before, @Nullable String after) {
        return IpRestrictions.fromStorage(after).widens(IpRestrictions.fromStorage(before));
    }

    /** A workspace's token policy changes so that some token, use or lifetime is admitted that was not. */
    public static boolean loosensPolicy(WorkspacePolicy before, WorkspacePolicy after) {
        return after.loosens(before);
    }
}
