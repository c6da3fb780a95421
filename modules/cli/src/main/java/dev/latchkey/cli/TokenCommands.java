package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lifecycle operations every token kind shares (list, show, revoke, regenerate, rotate, and
 * how a minted token is printed), written once; a {@link Kind} contributes its scope option, its
 * create command (in {@link PatCommands}, {@link WorkspaceTokenCommands}, {@link ServiceTokenCommands})
 * and the columns of its grant.
 */
final class TokenCommands {
    private TokenCommands() {
    }

    static final List<Output.Column> LIST_COLUMNS = List.of(new Output.Column("ID", "id"), new Output.Column("NAME", "name"),
            new Output.Column("STATUS", "status"), new Output.Column("HINT", "hint"),
            new Output.Column("EXPIRES", "expiresAt"), new Output.Column("LAST USED", "lastUsedAt"));

    static List<Output.Column> showColumns(List<Output.Column> grant) {
        List<Output.Column> columns = new ArrayList<>(List.of(new Output.Column("id", "id"), new Output.Column("name", "name"),
                new Output.Column("kind", "kind"), new Output.Column("status", "status"), new Output.Column("hint", "hint"),
                new Output.Column("note", "note")));
        columns.addAll(grant);
        columns.addAll(List.of(new Output.Column("ip restrictions", "ipRestrictions"),
                new Output.Column("created", "createdAt"), new Output.Column("expires", "expiresAt"),
                new Output.Column("last used", "lastUsedAt"), new Output.Column("last used from", "lastUsedIp"),
                new Output.Column("revoked", "revokedAt")));
        return columns;
    }

    /** Where a kind's tokens live, and the option that names their owner (none for your own PATs). */
    interface Scope {
        String base();
    }

    static final class Personal implements Scope {
        @Override
        public String base() {
            return "/api/user/personal-access-tokens";
        }
    }

    static final class InWorkspace implements Scope {
        @Option(names = {"-w", "--workspace"}, required = true, paramLabel = "WS", description = "The workspace (id or slug).")
        String workspace;

        @Override
        public String base() {
            return "/api/workspaces/" + ApiCommand.segment("--workspace", workspace) + "/tokens";
        }
    }

    static final class OfServiceUser implements Scope {
        @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER_ID", description = "The service user's id (see service-user list).")
        String user;

        @Override
        public String base() {
            return "/api/users/service/" + ApiCommand.segment("--user", user) + "/personal-access-tokens";
        }
    }

    /**
     * What a token kind contributes to the shared commands: its command name, how messages name
     * it, its scope option, how examples write that option, and the columns of its grant.
     */
    record Kind(String command, String what, Supplier<Scope> scope, String scopeExample, List<Output.Column> grant) {
    }

    static final Kind PAT = new Kind("pat", "personal access token", Personal::new, "",
            List.of(new Output.Column("scopes", "scopes"), new Output.Column("workspace", "workspace")));
    static final Kind WORKSPACE = new Kind("workspace-token", "workspace token", InWorkspace::new, "--workspace acme ",
            List.of(new Output.Column("all projects", "grant.allProjects"), new Output.Column("projects", "grant.projects")));
    static final Kind SERVICE = new Kind("service-token", "service token", OfServiceUser::new, "--user \"$BOT\" ",
            List.of(new Output.Column("permissions", "permissions"), new Output.Column("all projects", "allProjects"),
                    new Output.Column("projects", "projects"), new Output.Column("service user", "user.id")));

    /**
     * The command group of a kind: its own create command, then list, show, revoke, rotate and
     * regenerate, each given the kind's scope option, description and examples.
     */
    static CommandLine group(Object groupCommand, TokenOp create) {
        Kind kind = create.kind;
        CommandLine group = new CommandLine(groupCommand);
        add(group, create, null, null);
        add(group, new ListOp(kind), "List " + kind.what() + "s.",
                "  latchkey " + kind.command() + " list " + kind.scopeExample() + "--state active --output json | jq -r '.[].id'");
        add(group, new ShowOp(kind), "Show one " + kind.what() + " (never its secret).",
                "  latchkey " + kind.command() + " show " + kind.scopeExample() + "\"$ID\"");
        add(group, new RevokeOp(kind), "Revoke " + kind.what() + "s, at once and for good.",
                "  latchkey " + kind.command() + " revoke " + kind.scopeExample() + "\"$ID\" \"$OTHER_ID\"");
        add(group, new RotateOp(kind), "A new secret for the " + kind.what() + "; the old one keeps working for --grace seconds. "
                        + "stdout is the new token alone.",
                "  TOKEN=$(latchkey " + kind.command() + " rotate " + kind.scopeExample() + "\"$ID\" --grace 3600)");
        add(group, new RegenerateOp(kind), "A new secret for the " + kind.what() + "; the old one stops working at once. "
                        + "stdout is the new token alone.",
                "  TOKEN=$(latchkey " + kind.command() + " regenerate " + kind.scopeExample() + "\"$ID\" --expiration 90d)");
        return group;
    }

    private static void add(CommandLine group, TokenOp op, String description, String example) {
        CommandLine command = new CommandLine(op);
        CommandSpec spec = command.getCommandSpec();
        if (!(op.scope instanceof Personal)) {
            spec.addMixin("scope", CommandSpec.forAnnotatedObject(op.scope));
        }
        if (description != null) {
            spec.usageMessage().description(description).footerHeading("%nExamples:%n").footer(example.replace("%", "%%"));
        }
        group.addSubcommand(command);
    }

    /** A command about tokens of one kind, under the base path of its scope. */
    abstract static class TokenOp extends ApiCommand {
        final Kind kind;
        final Scope scope;

        TokenOp(Kind kind) {
            this.kind = kind;
            this.scope = kind.scope().get();
        }

        String base() {
            return scope.base();
        }

        String what() {
            return kind.what();
        }

        /**
         * A token was minted: in table mode stdout gets the token string alone (so
         * {@code T=$(latchkey pat create ...)} works) and stderr a note; in json the whole answer.
         */
        int printIssued(JsonNode issued, String verb, String about) {
            String token = issued.path("token").asText("");
            if (out.json()) {
                out.printJson(issued);
            } else {
                out.line(token);
            }
            out.note(verb + " " + what() + " " + Output.value(issued, "name") + " (id " + Output.value(issued, "id")
                    + ", expires " + Output.value(issued, "expiresAt") + ")." + about
                    + " The token is shown only this once: store it now.");
            return 0;
        }
    }

    /** --expiration / --expires-at, as every create, regenerate and rotate body takes them. */
    static final class Expiry {
        @Option(names = "--expiration", paramLabel = "PRESET", description = "7d, 30d, 60d, 90d or never.")
        String expiration;

        @Option(names = "--expires-at", paramLabel = "INSTANT", description = "An ISO-8601 instant, e.g. 2027-01-31T00:00:00Z.")
        String expiresAt;

        void into(ObjectNode body) {
            if (expiration != null) {
                body.put("expiration", expiration);
            }
            if (expiresAt != null) {
                body.put("expiresAt", expiresAt);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    static final class ListOp extends TokenOp {
        ListOp(Kind kind) {
            super(kind);
        }

        @Option(names = "--state", paramLabel = "STATE", description = "Only tokens in this state: active, expired or revoked.")
        String state;

        @Override
        int run() {
            out.table(all(api(), state == null ? base() : base() + "?" + query("state", state).substring(1)), LIST_COLUMNS);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true)
    static final class ShowOp extends TokenOp {
        ShowOp(Kind kind) {
            super(kind);
        }

        @Parameters(paramLabel = "ID", description = "The token's id (see list).")
        String id;

        @Override
        int run() {
            out.record(api().get(base() + "/" + segment("ID", id)).orFail().body(), showColumns(kind.grant()));
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true)
    static final class RevokeOp extends TokenOp {
        RevokeOp(Kind kind) {
            super(kind);
        }

        @Parameters(paramLabel = "ID", arity = "1..*", description = "The id of each token to revoke.")
        List<String> ids;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            Api api = api();
            for (String id : ids) {
                sensitive(api, confirmation, "DELETE", base() + "/" + segment("ID", id), null);
                out.note("Revoked " + what() + " " + id + ".");
            }
            return 0;
        }
    }

    /** regenerate and rotate: a new secret for one token, with an optional new expiry, confirmed. */
    abstract static class ReissueOp extends TokenOp {
        ReissueOp(Kind kind) {
            super(kind);
        }

        @Parameters(paramLabel = "ID", description = "The token's id.")
        String id;

        @Mixin
        Expiry expiry = new Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        ObjectNode body() {
            ObjectNode body = Api.JSON.createObjectNode();
            expiry.into(body);
            return body;
        }

        String path(String action) {
            return base() + "/" + segment("ID", id) + "/" + action;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true)
    static final class RegenerateOp extends ReissueOp {
        RegenerateOp(Kind kind) {
            super(kind);
        }

        @Override
        int run() {
            JsonNode issued = sensitive(api(), confirmation, "POST", path("regenerate"), body()).body();
            return printIssued(issued, "Regenerated", " The old secret no longer works.");
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true)
    static final class RotateOp extends ReissueOp {
        RotateOp(Kind kind) {
            super(kind);
        }

        @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "0",
                description = "How long the old secret keeps working, in seconds (0 = it dies at once; the server caps it). Default: ${DEFAULT-VALUE}.")
        long graceSeconds;

        @Override
        int run() {
            if (graceSeconds < 0) {
                throw CliException.usage("--grace: must be 0 or more seconds");
            }
            ObjectNode body = body().put("graceSeconds", graceSeconds);
            String path = path("rotate");
            Api api = api();
            JsonNode issued;
            try {
                issued = sensitive(api, confirmation, "POST", path, body).body();
            } catch (CliException e) {
                // a server without rotation answers an unknown route; say so rather than "not found"
                if (e.exitCode() == CliException.REFUSED && api.get(base() + "/" + id).ok()) {
                    throw CliException.usage(api.server() + " has no rotation endpoint (POST " + path + "); use regenerate");
                }
                throw e;
            }
            return printIssued(issued, "Rotated", " The old secret works for " + graceSeconds + " s more.");
        }
    }

    /**
     * create: what every kind's create command shares (--note, --ip, the expiry, the confirmation)
     * and how it mints; a kind adds its name rule and its grant.
     */
    abstract static class CreateOp extends TokenOp {
        CreateOp(Kind kind) {
            super(kind);
        }

        @Option(names = "--note", description = "What the token is for.")
        String note;

        @Option(names = "--ip", paramLabel = "CIDR", description = "An address or CIDR it may be used from (repeatable).")
        List<String> ips;

        @Mixin
        Expiry expiry = new Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        /** Mints the token this body describes (name and grant set by the kind) and prints it. */
        int create(ObjectNode body) {
            if (note != null) {
                body.put("note", note);
            }
            putAll(body, "ipRestrictions", ips);
            expiry.into(body);
            return printIssued(sensitive(api(), confirmation, "POST", base(), body).body(), "Created", "");
        }
    }

    /** Adds a repeatable option's values to a JSON array field, if any were given. */
    static void putAll(ObjectNode body, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            values.forEach(body.putArray(field)::add);
        }
    }

    static void putMap(ObjectNode body, String field, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode node = body.putObject(field);
            values.forEach(node::put);
        }
    }
}
