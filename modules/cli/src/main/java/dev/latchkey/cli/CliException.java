package dev.latchkey.cli;

/**
 * A command that cannot do what it was asked, with the exit code that says why: {@link #REFUSED}
 * when the server said no (401, 403, 404, or a check that is not allowed), {@link #FAILED} for a
 * usage mistake, a server error or a server that cannot be reached. The message is printed as is.
 */
final class CliException extends RuntimeException {
    static final int REFUSED = 1;
    static final int FAILED = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(FAILED, message);
    }

    static CliException refused(String message) {
        return new CliException(REFUSED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
