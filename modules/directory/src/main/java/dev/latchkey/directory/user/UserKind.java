package dev.latchkey.directory.user;

public enum UserKind {
    HUMAN,
    /** A non-human user of one workspace; it holds exactly what its tokens grant. */
    SERVICE
}
