package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** latchkey workspace-token ...: tokens that belong to a workspace, not to a person. */
@Command(name = "workspace-token", mixinStandardHelpOptions = true,
        description = "Workspace tokens: they belong to a workspace and act with a project role.",
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey workspace-token create --workspace acme --name bitrise --role TESTER --expiration 30d)",
                "  latchkey workspace-token list --workspace acme"})
final class WorkspaceTokenCommands {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a workspace token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey workspace-token create --workspace acme --name bitrise --role TESTER --expiration 30d)",
                    "  TOKEN=$(latchkey workspace-token create -w acme --name deploy --project 0190c0de-...=DEVELOPER)"})
    static final class Create extends TokenCommands.CreateOp {
        Create() {
            super(TokenCommands.WORKSPACE);
        }

        @Option(names = "--name", required = true, description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "Its role on every project of the workspace, e.g. DEVELOPER.")
        String role;

        @Option(names = "--project", paramLabel = "ID=ROLE", description = "Its role on one project (repeatable); instead of --role.")
        Map<String, String> projects;

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode().put("name", name);
            if (role != null || projects != null) {
                ObjectNode grant = body.putObject("grant");
                if (role != null) {
                    grant.put("allProjects", role);
                }
                TokenCommands.putMap(grant, "projects", projects);
            }
            return create(body);
        }
    }
}
