package dev.latchkey.directory.access;

public enum AuthMethod {
    /** A JWT from {@code POST /login}: a person at a keyboard. */
    SESSION,
    /** A Latchkey token of any kind. */
    TOKEN
}
