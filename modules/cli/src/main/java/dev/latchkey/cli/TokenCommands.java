package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle operations every token kind shares (list, show, revoke, regenerate, rotate, and
 * how a minted token is printed), written once; a kind contributes its base path, its create body
 * and the columns of its grant. The kinds' commands are in {@link PatCommands},
 * {@link WorkspaceTokenCommands} and {@link ServiceTokenCommands}.
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

    /** A command about tokens of one kind, under one base path. */
    abstract static class TokenOp extends ApiCommand {
        /** e.g. /api/user/personal-access-tokens */
        abstract String base();

        /** e.g. "personal access token", for messages. */
        abstract String what();

        List<Output.Column> grantColumns() {
            return List.of();
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

    abstract static class ListOp extends TokenOp {
        @Option(names = "--state", paramLabel = "STATE", description = "Only tokens in this state: active, expired or revoked.")
        String state;

        @Override
        int run() {
            out.table(all(api(), state == null ? base() : base() + "?" + query("state", state).substring(1)), LIST_COLUMNS);
            return 0;
        }
    }

    abstract static class ShowOp extends TokenOp {
        @Parameters(paramLabel = "ID", description = "The token's id (see list).")
        String id;

        @Override
        int run() {
            out.record(api().get(base() + "/" + segment("ID", id)).orFail().body(), showColumns(grantColumns()));
            return 0;
        }
    }

    abstract static class RevokeOp extends TokenOp {
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

    abstract static class RegenerateOp extends TokenOp {
        @Parameters(paramLabel = "ID", description = "The token's id.")
        String id;

        @Mixin
        Expiry expiry = new Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode();
            expiry.into(body);
            JsonNode issued = sensitive(api(), confirmation, "POST", base() + "/" + segment("ID", id) + "/regenerate", body).body();
            return printIssued(issued, "Regenerated", " The old secret no longer works.");
        }
    }

    abstract static class RotateOp extends TokenOp {
        @Parameters(paramLabel = "ID", description = "The token's id.")
        String id;

        @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "0",
                description = "How long the old secret keeps working, in seconds (0 = it dies at once; the server caps it). Default: ${DEFAULT-VALUE}.")
        long graceSeconds;

        @Mixin
        Expiry expiry = new Expiry();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run() {
            if (graceSeconds < 0) {
                throw CliException.usage("--grace: must be 0 or more seconds");
            }
            ObjectNode body = Api.JSON.createObjectNode();
            expiry.into(body);
            body.put("graceSeconds", graceSeconds);
            String path = base() + "/" + segment("ID", id) + "/rotate";
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
