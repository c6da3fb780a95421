package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** latchkey service-token ...: tokens of a service user (a bot account of a workspace). */
@Command(name = "service-token", mixinStandardHelpOptions = true,
        description = "Tokens of a service user: a list of permissions on all or some projects.",
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey service-token create --user \"$BOT\" --name deploy --permission releases:deploy --project \"$PROJECT\")",
                "  latchkey service-token list --user \"$BOT\""})
final class ServiceTokenCommands {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a service token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey service-token create --user \"$BOT\" --name deploy --permission releases:deploy --project \"$PROJECT\")",
                    "  TOKEN=$(latchkey service-token create --user \"$BOT\" --name read --permission projects:read --all-projects)"})
    static final class Create extends TokenCommands.CreateOp {
        Create() {
            super(TokenCommands.SERVICE);
        }

        @Option(names = "--name", description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--permission", paramLabel = "PERMISSION", description = "A permission it has (repeatable).")
        List<String> permissions;

        @Option(names = "--all-projects", description = "On every project of the workspace (else only the --project ones).")
        boolean allProjects;

        @Option(names = "--project", paramLabel = "ID", description = "A project it may act on (repeatable).")
        List<String> projects;

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            TokenCommands.putAll(body, "permissions", permissions);
            body.put("allProjects", allProjects);
            TokenCommands.putAll(body, "projects", projects);
            return create(body);
        }
    }
}
