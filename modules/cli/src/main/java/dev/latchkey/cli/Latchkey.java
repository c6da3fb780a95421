package dev.latchkey.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.regex.Pattern;

/**
 * The {@code latchkey} command: people and scripts manage tokens on a Latchkey server over its
 * public HTTP API. Exit codes: 0 done (or allowed), 1 refused (401, 403, 404, a check that says
 * no), 2 a usage mistake, a server error or a server that cannot be reached.
 */
@Command(name = "latchkey", mixinStandardHelpOptions = true, versionProvider = Latchkey.Version.class,
        description = "Manage Latchkey tokens from the command line.",
        footerHeading = "%nEnvironment:%n",
        footer = {"  LATCHKEY_SERVER   the server, instead of --server",
                "  LATCHKEY_TOKEN    act as this token instead of the stored login",
                "  XDG_CONFIG_HOME   where latchkey/config.json is kept (default ~/.config)",
                "",
                "Exit codes: 0 ok, 1 refused (401/403/404, or a check that says no), 2 usage or server/network error.",
                "",
                "Examples:",
                "  latchkey login --server https://latchkey.example.com --email ann@example.com",
                "  TOKEN=$(latchkey pat create --name ci --scope projects:read)",
                "  source <(latchkey generate-completion)"})
public final class Latchkey {
    private static final Pattern TOKEN = Pattern.compile("lk([pws])_[0-9A-Za-z]+");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** The command tree with its error handlers (public for tests that walk it). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Latchkey());
        cli.addSubcommand(new SessionCommands.Login());
        cli.addSubcommand(new SessionCommands.Logout());
        cli.addSubcommand(new SessionCommands.Whoami());
        cli.addSubcommand(TokenCommands.group(new PatCommands(), new PatCommands.Create()));
        cli.addSubcommand(TokenCommands.group(new WorkspaceTokenCommands(), new WorkspaceTokenCommands.Create()));
        cli.addSubcommand(new ServiceUserCommands());
        cli.addSubcommand(TokenCommands.group(new ServiceTokenCommands(), new ServiceTokenCommands.Create()));
        cli.addSubcommand(new QueryCommands.Check());
        cli.addSubcommand(new QueryCommands.Introspect());
        cli.addSubcommand(new QueryCommands.Verify());
        cli.addSubcommand(new AutoComplete.GenerateCompletion());
        // after the tree is complete: these settings reach every subcommand
        cli.setUsageHelpWidth(110);
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(latchkey generate-completion)");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CliException c) {
                err.println("latchkey: " + c.getMessage());
                err.flush();
                return c.exitCode();
            }
            err.println("latchkey: unexpected error: " + e);
            err.flush();
            return CliException.FAILED;
        });
        // usage mistakes: picocli's message and a pointer to --help, exit 2
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            // a token typed as an argument is refused without being echoed back
            err.println("latchkey: " + TOKEN.matcher(String.valueOf(e.getMessage())).replaceAll("lk$1_(hidden)")
                    + (e instanceof CommandLine.UnmatchedArgumentException ? " (tokens are read from stdin or --token-env, never from the arguments)" : ""));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return CliException.FAILED;
        });
        return cli;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Latchkey.class.getPackage().getImplementationVersion();
            return new String[] {"latchkey " + (v == null ? "(development build)" : v)};
        }
    }
}
