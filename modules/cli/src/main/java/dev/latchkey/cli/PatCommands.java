package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** latchkey pat ...: your personal access tokens. */
@Command(name = "pat", mixinStandardHelpOptions = true,
        description = "Your personal access tokens (they act as you, limited to their scopes).",
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey pat create --name ci --scope projects:read --expiration 30d)",
                "  latchkey pat list --state active"})
final class PatCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a personal access token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey pat create --name ci --scope projects:read --scope releases:deploy --workspace acme --expiration 30d)",
                    "  printf '%%s\\n' \"$PASSWORD\" | latchkey pat create --name ci --scope projects:read --password-stdin"})
    static final class Create extends TokenCommands.CreateOp {
        Create() {
            super(TokenCommands.PAT);
        }

        @Option(names = "--name", required = true, description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--scope", paramLabel = "PERMISSION", description = "A permission it may use (repeat the option for more).")
        List<String> scopes;

        @Option(names = "--workspace", paramLabel = "WS", description = "Limit it to one workspace (id or slug).")
        String workspace;

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode().put("name", name);
            if (workspace != null) {
                body.put("workspace", workspace);
            }
            TokenCommands.putAll(body, "scopes", scopes);
            return create(body);
        }
    }
}
