package dev.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** latchkey service-token ...: tokens of a service user (a bot account of a workspace). */
@Command(name = "service-token", mixinStandardHelpOptions = true,
        description = "Tokens of a service user: a list of permissions on all or some projects.",
        subcommands = {ServiceTokenCommands.Create.class, ServiceTokenCommands.ListTokens.class,
                ServiceTokenCommands.Show.class, ServiceTokenCommands.Revoke.class,
                ServiceTokenCommands.Rotate.class, ServiceTokenCommands.Regenerate.class},
        footerHeading = "%nExamples:%n",
        footer = {"  TOKEN=$(latchkey service-token create --user \"$BOT\" --name deploy --permission releases:deploy --project \"$PROJECT\")",
                "  latchkey service-token list --user \"$BOT\""})
final class ServiceTokenCommands {
    static final String WHAT = "service token";
    static final List<Output.Column> GRANT = List.of(new Output.Column("permissions", "permissions"),
            new Output.Column("all projects", "allProjects"), new Output.Column("projects", "projects"),
            new Output.Column("service user", "user.id"));

    /** --user, the service user every service-token command is about. */
    static final class ServiceUser {
        @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER_ID", description = "The service user's id (see service-user list).")
        String user;

        String base() {
            return "/api/users/service/" + ApiCommand.segment("--user", user) + "/personal-access-tokens";
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a service token; stdout is the token alone.",
            footerHeading = "%nExamples:%n",
            footer = {"  TOKEN=$(latchkey service-token create --user \"$BOT\" --name deploy --permission releases:deploy --project \"$PROJECT\")",
                    "  TOKEN=$(latchkey service-token create --user \"$BOT\" --name read --permission projects:read --all-projects)"})
    static final class Create extends TokenCommands.TokenOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Option(names = "--name", description = "A name you will recognise (1-100 characters).")
        String name;

        @Option(names = "--note", description = "What the token is for.")
        String note;

        @Option(names = "--permission", paramLabel = "PERMISSION", description = "A permission it has (repeatable).")
        List<String> permissions;

        @Option(names = "--all-projects", description = "On every project of the workspace (else only the --project ones).")
        boolean allProjects;

        @Option(names = "--project", paramLabel = "ID", description = "A project it may act on (repeatable).")
        List<String> projects;

        @Option(names = "--ip", paramLabel = "CIDR", description = "An address or CIDR it may be used from (repeatable).")
        List<String> ips;

        @Mixin
        TokenCommands.Expiry expiry = new TokenCommands.Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        String base() {
            return su.base();
        }

        @Override
        String what() {
            return WHAT;
        }

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            if (note != null) {
                body.put("note", note);
            }
            TokenCommands.putAll(body, "permissions", permissions);
            body.put("allProjects", allProjects);
            TokenCommands.putAll(body, "projects", projects);
            TokenCommands.putAll(body, "ipRestrictions", ips);
            expiry.into(body);
            return printIssued(sensitive(api(), confirmation, "POST", base(), body).body(), "Created", "");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a service user's tokens.",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-token list --user \"$BOT\"")
    static final class ListTokens extends TokenCommands.ListOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Override
        String base() {
            return su.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one service token (never its secret).",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-token show --user \"$BOT\" 0190c0de-...")
    static final class Show extends TokenCommands.ShowOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Override
        String base() {
            return su.base();
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

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke service tokens.",
            footerHeading = "%nExamples:%n", footer = "  latchkey service-token revoke --user \"$BOT\" 0190c0de-...")
    static final class Revoke extends TokenCommands.RevokeOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Override
        String base() {
            return su.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true,
            description = "A new secret for the same token; the old one stops working at once. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey service-token regenerate --user \"$BOT\" 0190c0de-...)")
    static final class Regenerate extends TokenCommands.RegenerateOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Override
        String base() {
            return su.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new secret; the old one keeps working for --grace seconds. stdout is the new token alone.",
            footerHeading = "%nExamples:%n", footer = "  TOKEN=$(latchkey service-token rotate --user \"$BOT\" 0190c0de-... --grace 3600)")
    static final class Rotate extends TokenCommands.RotateOp {
        @Mixin
        ServiceUser su = new ServiceUser();

        @Override
        String base() {
            return su.base();
        }

        @Override
        String what() {
            return WHAT;
        }
    }
}
