package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** check, introspect, verify: questions that change nothing; the answer is also the exit code. */
final class QueryCommands {
    private QueryCommands() {
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "May I (the session, or LATCHKEY_TOKEN) do PERMISSION here? Exit 0 if allowed, 1 if not.",
            footerHeading = "%nExamples:%n",
            footer = {"  latchkey check releases:deploy --project \"$PROJECT\" && ./deploy.sh",
                    "  latchkey check workspace:manage --workspace acme --output json"})
    static final class Check extends ApiCommand {
        @Parameters(paramLabel = "PERMISSION", description = "A catalogue key, e.g. releases:deploy.")
        String permission;

        @Option(names = "--project", paramLabel = "ID", description = "The project (id), for a project permission.")
        String project;

        @Option(names = {"-w", "--workspace"}, paramLabel = "WS", description = "The workspace (id or slug), for a workspace permission.")
        String workspace;

        @Option(names = "--explain", description = "Ask for the steps of the decision.")
        boolean explain;

        @Override
        int run() {
            ObjectNode body = Api.JSON.createObjectNode().put("permission", permission);
            if (project != null) {
                body.put("project", project);
            }
            if (workspace != null) {
                body.put("workspace", workspace);
            }
            JsonNode answer = api().send("POST", "/api/authz/check" + (explain ? "?explain=true" : ""), body, null).orFail().body();
            boolean allowed = answer.path("allowed").asBoolean(false);
            if (out.json()) {
                out.printJson(answer);
            } else {
                out.line((allowed ? "allowed" : "refused") + ": " + answer.path("reason").asText()
                        + (answer.hasNonNull("grant") ? " (" + answer.path("grant").asText() + ")" : ""));
                answer.path("trace").forEach(step -> out.line("  " + step.asText()));
            }
            return allowed ? 0 : CliException.REFUSED;
        }
    }

    @Command(name = "introspect", mixinStandardHelpOptions = true,
            description = {"What is this token (RFC 7662)? Exit 0 if it is active, 1 if not.",
                    "The token is read from stdin or --token-env, never from the arguments; the question is asked as the",
                    "session or LATCHKEY_TOKEN."},
            footerHeading = "%nExamples:%n",
            footer = {"  printf '%%s' \"$TOKEN\" | latchkey introspect",
                    "  latchkey introspect --token-env CI_TOKEN --output json | jq .scope"})
    static final class Introspect extends ApiCommand {
        @Mixin
        TokenInput input = new TokenInput();

        @Override
        int run() {
            Api api = api();
            String token = readToken(input);
            JsonNode answer = api.form("/oauth/introspect", Map.of("token", token)).orFail().body();
            boolean active = answer.path("active").asBoolean(false);
            if (out.json()) {
                out.printJson(answer);
            } else if (!active) {
                out.line("active: false");
            } else {
                out.record(answer, List.of(new Output.Column("active", "active"), new Output.Column("type", "token_type"),
                        new Output.Column("subject", "sub"), new Output.Column("username", "username"),
                        new Output.Column("scope", "scope"), new Output.Column("workspace", "workspace"),
                        new Output.Column("id", "jti"), new Output.Column("expires (epoch s)", "exp")));
            }
            return active ? 0 : CliException.REFUSED;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Would forward-auth let this token through? Exit 0 if so, 1 if not.",
                    "Asks /api/auth/verify as that token (read from stdin or --token-env) and prints the subject."},
            footerHeading = "%nExamples:%n",
            footer = {"  printf '%%s' \"$TOKEN\" | latchkey verify --permission releases:deploy --project \"$PROJECT\"",
                    "  latchkey verify --token-env CI_TOKEN"})
    static final class Verify extends ApiCommand {
        @Mixin
        TokenInput input = new TokenInput();

        @Option(names = "--permission", paramLabel = "PERMISSION", description = "A catalogue key; none = only whether the token is valid.")
        String permission;

        @Option(names = "--project", paramLabel = "ID", description = "The project (id), for a project permission.")
        String project;

        @Option(names = {"-w", "--workspace"}, paramLabel = "WS", description = "The workspace (id or slug), for a workspace permission.")
        String workspace;

        @Override
        int run() {
            Api api = new Api(server(), null);
            String token = readToken(input);
            String q = query("permission", permission) + query("project", project) + query("workspace", workspace);
            Api.Reply reply = api.getAs("/api/auth/verify" + (q.isEmpty() ? "" : "?" + q.substring(1)), token);
            String subject = reply.header("X-Latchkey-Subject").orElse(null);
            if (reply.ok()) {
                if (out.json()) {
                    out.printJson(Api.JSON.createObjectNode().put("allowed", true).put("status", reply.status()).put("subject", subject));
                } else {
                    out.line("allowed: " + subject);
                }
                return 0;
            }
            if (out.json() && (reply.status() == 401 || reply.status() == 403)) {
                ObjectNode refused = Api.JSON.createObjectNode().put("allowed", false).put("status", reply.status());
                refused.put("detail", reply.body().path("detail").asText(null));
                out.printJson(refused);
            }
            reply.orFail();
            return 0;
        }
    }
}
