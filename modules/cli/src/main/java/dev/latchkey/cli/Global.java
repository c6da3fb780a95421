package dev.latchkey.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command takes; mixed into each command so they may stand anywhere after its name. */
final class Global {
    enum Format { table, json }

    @Option(names = "--server", paramLabel = "URL",
            description = "The Latchkey server, e.g. https://latchkey.example.com (default: LATCHKEY_SERVER, else the one of the stored login).")
    String server;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Where the login is stored (default: $XDG_CONFIG_HOME/latchkey/config.json or ~/.config/latchkey/config.json).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or json (the API's own JSON, stable for scripts). Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but the result (no notes on stderr).")
    boolean quiet;
}
