package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** latchkey pat ...: your personal access tokens. */
@Command(name = "pat", mixinStandardHelpOptions = true,
        description = "Your personal access tokens (they act as you, limited to their scopes).",
        subcommands = {PatCommands.Create.class, PatCommands.ListTokens.class, PatCommands.Show.class,
                PatCommands.Revoke.class, PatCommands.Rotate.class, PatCommands.Regenerate.class},
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey pat create --name ci --scope projects:read --expiration 30d)",
                "  latchkey pat list --state active"})
final class PatCommands {
    static final String BASE = "/api/user/personal-access-tokens";
    static final String WHAT = "personal access token";
    static final List<Output.Column> GRANT = List.of(new Output.Column("scopes", "scopes"), new Output.Column("workspace", "workspace"));

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a personal access token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey pat create --name ci --scope projects:read --scope releases:deploy --workspace acme --expiration 30d)",
                    "  printf '%%s\\n' \"$PASSWORD\" | latchkey pat create --name ci --scope projects:read --password-stdin"})
    static final class Create extends TokenCommands.TokenOp {
        @Option(names = "--name", required = true, description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--note", description = "What the token is for.")
        String note;

        @Option(names = "--scope", paramLabel = "PERMISSION", description = "A permission it may use (repeat the option for more).")
        List<String> scopes;

        @Option(names = "--workspace", paramLabel = "WS", description = "Limit it to one workspace (id or slug).")
        String workspace;

        @Option(names = "--ip", paramLabel = "CIDR", description = "An address or CIDR it may be used from (repeatable).")
        List<String> ips;

        @Mixin
        TokenCommands.Expiry expiry = new TokenCommands.Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        String base() {
            return BASE;
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
            if (workspace != null) {
                body.put("workspace", workspace);
            }
            TokenCommands.putAll(body, "scopes", scopes);
            TokenCommands.putAll(body, "ipRestrictions", ips);
            expiry.into(body);
            return printIssued(sensitive(api(), confirmation, "POST", BASE, body).body(), "Created", "");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your personal access tokens.",
            footerHeading = "%nExamples:%n", footer = {"  latchkey pat list", "  latchkey pat list --state active --output json | jq -r '.[].id'"})
    static final class ListTokens extends TokenCommands.ListOp {
        @Override
        String base() {
            return BASE;
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one personal access token (never its secret).",
            footerHeading = "%nExamples:%n", footer = "  latchkey pat show 0190c0de-...")
    static final class Show extends TokenCommands.ShowOp {
        @Override
        String base() {
            return BASE;
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

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke personal access tokens (at once, for good).",
            footerHeading = "%nExamples:%n", footer = "  latchkey pat revoke 0190c0de-... 0190c0df-...")
    static final class Revoke extends TokenCommands.RevokeOp {
        @Override
        String base() {
            return BASE;
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true,
            description = "A new secret for the same token; the old one stops working at once. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey pat regenerate 0190c0de-... --expiration 90d)")
    static final class Regenerate extends TokenCommands.RegenerateOp {
        @Override
        String base() {
            return BASE;
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new secret; the old one keeps working for --grace seconds. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey pat rotate 0190c0de-... --grace 3600)")
    static final class Rotate extends TokenCommands.RotateOp {
        @Override
        String base() {
            return BASE;
        }

        @Override
        String what() {
            return WHAT;
        }
    }
}
