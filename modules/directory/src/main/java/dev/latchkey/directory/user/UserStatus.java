package dev.latchkey.directory.user;

public enum UserStatus {
    ACTIVE,
    /** Signs in to nothing and every token of the user is refused at its next use. */
    SUSPENDED
}
