package dev.latchkey.cli;

import picocli.CommandLine.Option;

/**
 * Where a command reads a token it is given (never from its arguments, which end up in shell
 * history and in {@code ps}): the environment variable {@code --token-env} names, else stdin.
 */
final class TokenInput {
    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Read the token from this environment variable instead of stdin.")
    String variable;
}
