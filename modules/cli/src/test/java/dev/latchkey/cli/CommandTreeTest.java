package dev.latchkey.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command tree as a whole: every command has help with examples, and none takes a token as an argument. */
class CommandTreeTest {

    private static List<CommandLine> everyCommand(CommandLine cli) {
        List<CommandLine> all = new ArrayList<>(List.of(cli));
        cli.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    @Test
    void everyCommandAnswersHelpWithExamplesAndExitZero() {
        List<String> without = new ArrayList<>();
        CommandLine top = Latchkey.commandLine();
        for (CommandLine command : everyCommand(top)) {
            if (command.getCommandName().equals("generate-completion")) {
                continue; // picocli's own
            }
            String[] path = command.getCommandSpec().qualifiedName(" ").replaceFirst("^latchkey ?", "").split(" ");
            List<String> args = new ArrayList<>(path[0].isEmpty() ? List.of() : List.of(path));
            args.add("--help");
            StringWriter out = new StringWriter();
            top.setOut(new PrintWriter(out));
            assertEquals(0, top.execute(args.toArray(String[]::new)), String.join(" ", args));
            if (!out.toString().contains("Examples:")) {
                without.add(command.getCommandSpec().qualifiedName());
            }
        }
        assertTrue(without.isEmpty(), "commands whose --help shows no examples: " + without);
    }

    @Test
    void noCommandTakesATokenOnTheCommandLine() {
        for (CommandLine command : everyCommand(Latchkey.commandLine())) {
            for (ArgSpec arg : command.getCommandSpec().args()) {
                String label = arg.paramLabel().toLowerCase();
                String names = arg.isOption() ? String.join(",", ((CommandLine.Model.OptionSpec) arg).names()) : "";
                assertTrue(!label.contains("token") && !names.matches(".*--token(,|$).*"),
                        command.getCommandSpec().qualifiedName() + " takes a token as " + label + " " + names);
            }
        }
    }

    @Test
    void aUsageMistakeIsExitTwo() {
        CommandLine cli = Latchkey.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("pat", "create"));
        assertEquals(2, cli.execute("nonsense"));
        assertEquals(2, Latchkey.commandLine().execute("whoami", "--output", "yaml"));
    }
}
