package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** latchkey service-user ...: bot accounts of a workspace. */
@Command(name = "service-user", mixinStandardHelpOptions = true,
        description = "Service users: accounts of a workspace for bots, which hold service tokens.",
        subcommands = {ServiceUserCommands.Create.class, ServiceUserCommands.ListUsers.class, ServiceUserCommands.Show.class,
                ServiceUserCommands.Delete.class},
        footerHeading = "%nExamples:%n",
        footer = {"  BOT=$(latchkey service-user create --workspace acme --first-name Deploy --last-name Bot)",
                "  latchkey service-user list --workspace acme"})
final class ServiceUserCommands {
    static final List<Output.Column> LIST = List.of(new Output.Column("ID", "id"), new Output.Column("FIRST NAME", "firstName"),
            new Output.Column("LAST NAME", "lastName"), new Output.Column("STATUS", "status"), new Output.Column("EMAIL", "email"));
    static final List<Output.Column> SHOW = List.of(new Output.Column("id", "id"), new Output.Column("first name", "firstName"),
            new Output.Column("last name", "lastName"), new Output.Column("email", "email"), new Output.Column("status", "status"),
            new Output.Column("workspace", "workspaceId"), new Output.Column("created", "createdAt"));

    static String base(TokenCommands.InWorkspace ws) {
        return "/api/workspaces/" + ApiCommand.segment("--workspace", ws.workspace) + "/service-users";
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a service user; stdout is its id alone (table output).",
            footerHeading = "%nExamples:%n",
            footer = "  BOT=$(latchkey service-user create --workspace acme --first-name Deploy --last-name Bot)")
    static final class Create extends ApiCommand {
        @Mixin
        TokenCommands.InWorkspace ws = new TokenCommands.InWorkspace();

        @Option(names = "--first-name", required = true, description = "e.g. Deploy")
        String firstName;

        @Option(names = "--last-name", required = true, description = "e.g. Bot")
        String lastName;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            JsonNode user = sensitive(api(), confirmation, "POST", base(ws), Map.of("firstName", firstName, "lastName", lastName)).body();
            if (out.json()) {
                out.printJson(user);
            } else {
                out.line(user.path("id").asText());
            }
            out.note("Created service user " + firstName + " " + lastName + " (" + Output.value(user, "email") + ").");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a workspace's service users.",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-user list --workspace acme")
    static final class ListUsers extends ApiCommand {
        @Mixin
        TokenCommands.InWorkspace ws = new TokenCommands.InWorkspace();

        @Override
        int run() {
            out.table(all(api(), base(ws)), LIST);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one service user.",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-user show --workspace acme \"$BOT\"")
    static final class Show extends ApiCommand {
        @Mixin
        TokenCommands.InWorkspace ws = new TokenCommands.InWorkspace();

        @Parameters(paramLabel = "USER_ID")
        String id;

        @Override
        int run() {
            out.record(api().get(base(ws) + "/" + segment("USER_ID", id)).orFail().body(), SHOW);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a service user; its tokens stop working.",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-user delete --workspace acme \"$BOT\"")
    static final class Delete extends ApiCommand {
        @Mixin
        TokenCommands.InWorkspace ws = new TokenCommands.InWorkspace();

        @Parameters(paramLabel = "USER_ID")
        String id;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            sensitive(api(), confirmation, "DELETE", base(ws) + "/" + segment("USER_ID", id), null);
            out.note("Deleted service user " + id + ".");
            return 0;
        }
    }
}
