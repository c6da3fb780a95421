package dev.latchkey.directory.user;

public enum UserStatus {
    ACTIVE,
    /** Signs in to nothing and every token of the user is refused at its next use. */
    SUSPENDED,
    /**
     * Removed, but kept for the audit trail (service users: their tokens' history names them).
     * Inactive like SUSPENDED, and never made active again.
     */
    DELETED
}
