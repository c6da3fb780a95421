package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** latchkey workspace-token ...: tokens that belong to a workspace, not to a person. */
@Command(name = "workspace-token", mixinStandardHelpOptions = true,
        description = "Workspace tokens: they belong to a workspace and act with a project role.",
        subcommands = {WorkspaceTokenCommands.Create.class, WorkspaceTokenCommands.ListTokens.class,
                WorkspaceTokenCommands.Show.class, WorkspaceTokenCommands.Revoke.class,
                WorkspaceTokenCommands.Rotate.class, WorkspaceTokenCommands.Regenerate.class},
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey workspace-token create --workspace acme --name bitrise --role TESTER --expiration 30d)",
                "  latchkey workspace-token list --workspace acme"})
final class WorkspaceTokenCommands {
    static final String WHAT = "workspace token";
    static final List<Output.Column> GRANT = List.of(new Output.Column("all projects", "grant.allProjects"),
            new Output.Column("projects", "grant.projects"));

    /** --workspace, which every workspace-token command needs. */
    static final class Workspace {
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WS", description = "The workspace (id or slug).")
        String workspace;

        String base() {
            return "/api/workspaces/" + ApiCommand.segment("--workspace", workspace) + "/tokens";
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a workspace token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey workspace-token create --workspace acme --name bitrise --role TESTER --expiration 30d)",
                    "  TOKEN=$(latchkey workspace-token create -w acme --name deploy --project 0190c0de-...=DEVELOPER)"})
    static final class Create extends TokenCommands.TokenOp {
        @Mixin
        Workspace ws = new Workspace();

        @Option(names = "--name", required = true, description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--note", description = "What the token is for.")
        String note;

        @Option(names = "--role", paramLabel = "ROLE", description = "Its role on every project of the workspace, e.g. DEVELOPER.")
        String role;

        @Option(names = "--project", paramLabel = "ID=ROLE", description = "Its role on one project (repeatable); instead of --role.")
        Map<String, String> projects;

        @Option(names = "--ip", paramLabel = "CIDR", description = "An address or CIDR it may be used from (repeatable).")
        List<String> ips;

        @Mixin
        TokenCommands.Expiry expiry = new TokenCommands.Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode().put("name", name);
            if (note != null) {
                body.put("note", note);
            }
            if (role != null || projects != null) {
                ObjectNode grant = body.putObject("grant");
                if (role != null) {
                    grant.put("allProjects", role);
                }
                TokenCommands.putMap(grant, "projects", projects);
            }
            TokenCommands.putAll(body, "ipRestrictions", ips);
            expiry.into(body);
            return printIssued(sensitive(api(), confirmation, "POST", base(), body).body(), "Created", "");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a workspace's tokens.",
            footerHeading = "%nExamples:%n", footer = "  latchkey workspace-token list --workspace acme --state active")
    static final class ListTokens extends TokenCommands.ListOp {
        @Mixin
        Workspace ws = new Workspace();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one workspace token (never its secret).",
            footerHeading = "%nExamples:%n", footer = "  latchkey workspace-token show --workspace acme 0190c0de-...")
    static final class Show extends TokenCommands.ShowOp {
        @Mixin
        Workspace ws = new Workspace();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }

        @Override
        List<Output.Column> grantColumns() {
            return GRANT;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke workspace tokens.",
            footerHeading = "%nExamples:%n", footer = "  latchkey workspace-token revoke --workspace acme 0190c0de-...")
    static final class Revoke extends TokenCommands.RevokeOp {
        @Mixin
        Workspace ws = new Workspace();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true,
            description = "A new secret for the same token; the old one stops working at once. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey workspace-token regenerate --workspace acme 0190c0de-...)")
    static final class Regenerate extends TokenCommands.RegenerateOp {
        @Mixin
        Workspace ws = new Workspace();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new secret; the old one keeps working for --grace seconds. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey workspace-token rotate --workspace acme 0190c0de-... --grace 3600)")
    static final class Rotate extends TokenCommands.RotateOp {
        @Mixin
        Workspace ws = new Workspace();

        @Override
        String base() {
            return ws.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }
}
