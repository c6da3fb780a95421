package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** login, logout, whoami: the stored session. */
final class SessionCommands {
    private SessionCommands() {
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Log in with your e-mail and password and store the session (mode 600).",
            footerHeading = "%nExamples:%n",
            footer = {"  latchkey login --server https://latchkey.example.com --email ann@example.com",
                    "  printf '%%s\\n' \"$PASSWORD\" | latchkey login --server https://latchkey.example.com --email ann@example.com --password-stdin"})
    static final class Login extends ApiCommand {
        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Your e-mail address.")
        String email;

        @Mixin
        Confirmation password = new Confirmation();

        @Override
        int run() {
            URI server = server();
            String secret;
            if (password.passwordStdin) {
                secret = readPasswordLine("--password-stdin");
            } else {
                Console console = System.console();
                if (console == null) {
                    throw CliException.usage("no terminal to ask for the password: pipe it with --password-stdin");
                }
                char[] typed = console.readPassword("Password of %s: ", email);
                if (typed == null || typed.length == 0) {
                    throw CliException.usage("no password given");
                }
                secret = new String(typed);
            }
            Api.Reply reply = new Api(server, null).send("POST", "/login", Map.of("username", email, "password", secret), null);
            if (reply.status() == 401 || reply.status() == 403) {
                throw CliException.refused("login refused: " + reply.problem());
            }
            String session = reply.orFail().body().path("access_token").asText("");
            if (session.isEmpty()) {
                throw CliException.usage(server + " answered the login without a session token (is this a Latchkey server?)");
            }
            Config saved = config().withSession(server.toString(), email, session);
            saved.save();
            if (out.json()) {
                ObjectNode node = Api.JSON.createObjectNode().put("server", server.toString()).put("email", email);
                out.printJson(node);
            } else {
                out.note("Logged in to " + server + " as " + email + " (session stored in " + saved.file() + ")");
            }
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = "End the stored session on the server and forget it here.",
            footerHeading = "%nExamples:%n", footer = "  latchkey logout")
    static final class Logout extends ApiCommand {
        @Override
        int run() {
            Config c = config();
            if (c.session() == null) {
                out.note("Not logged in.");
                return 0;
            }
            URI server = parseServer(c.server());
            Api.Reply reply;
            try {
                reply = new Api(server, c.session()).send("POST", "/api/user/logout", null, null);
            } finally {
                // forgotten here whatever the server says (or if it cannot be reached)
                c.withoutSession().save();
            }
            if (!reply.ok() && reply.status() != 401) {
                throw new CliException(CliException.FAILED, "forgot the session here, but the server did not end it: " + reply.problem());
            }
            out.note("Logged out of " + server + ".");
            return 0;
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true,
            description = "Show who the session (or LATCHKEY_TOKEN) acts as.",
            footerHeading = "%nExamples:%n",
            footer = {"  latchkey whoami", "  latchkey whoami --output json | jq -r .email",
                    "  LATCHKEY_TOKEN=\"$CI_TOKEN\" latchkey whoami"})
    static final class Whoami extends ApiCommand {
        @Override
        int run() {
            Api api = api();
            JsonNode user = api.get("/api/user").orFail().body();
            out.record(user, List.of(new Output.Column("email", "email"), new Output.Column("first name", "firstName"),
                    new Output.Column("last name", "lastName"), new Output.Column("id", "id"),
                    new Output.Column("kind", "kind"), new Output.Column("status", "status")));
            out.note("on " + api.server() + (actingAsToken() ? " (acting as " + TOKEN_ENV + ")" : ""));
            return 0;
        }
    }
}
