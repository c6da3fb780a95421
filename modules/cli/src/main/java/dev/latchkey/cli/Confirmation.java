package dev.latchkey.cli;

import picocli.CommandLine.Option;

/** How a sensitive command gets the password that confirms it (header {@code X-Confirm-Password}). */
final class Confirmation {
    @Option(names = "--password-stdin",
            description = "Read your password from the first line of stdin (for scripts). Without it the password is asked for "
                    + "on the terminal when the server wants a confirmation (a login younger than the server's sudo window, "
                    + "5 minutes by default, counts as one).")
    boolean passwordStdin;
}
