package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The base of every command that talks to a server: which server, which credential, how to read a
 * password or a token, and the one place where a sensitive request is confirmed.
 *
 * <p>The credential is {@code LATCHKEY_TOKEN} when it is set (act as that token), else the stored
 * login; the stored login is only ever sent to the server it was made on.
 */
abstract class ApiCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "LATCHKEY_TOKEN";
    static final String SERVER_ENV = "LATCHKEY_SERVER";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]{1,200}");

    @Mixin
    Global global = new Global();

    @Spec
    CommandSpec spec;

    Output out;
    private BufferedReader stdin;
    private Config config;
    /** The confirmation password once read, for the next request of the same command (revoke A B C). */
    private String confirmed;

    @Override
    public final Integer call() {
        out = new Output(global.output, global.quiet, System.out, System.err);
        return run();
    }

    abstract int run();

    static Map<String, String> env() {
        return System.getenv();
    }

    Config config() {
        if (config == null) {
            config = Config.load(global.config != null ? global.config : Config.defaultFile(env()));
        }
        return config;
    }

    /** The server named by --server, else LATCHKEY_SERVER, else the stored login's. */
    URI server() {
        String s = global.server != null ? global.server : env().get(SERVER_ENV);
        if (s == null || s.isBlank()) {
            s = config().server();
        }
        if (s == null || s.isBlank()) {
            throw CliException.usage("no server: pass --server URL (or set LATCHKEY_SERVER, or log in)");
        }
        return parseServer(s);
    }

    static URI parseServer(String s) {
        try {
            URI uri = URI.create(s.trim().replaceAll("/+$", ""));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--server: \"" + s + "\" is not an http(s) URL such as https://latchkey.example.com");
        }
    }

    boolean actingAsToken() {
        String token = env().get(TOKEN_ENV);
        return token != null && !token.isBlank();
    }

    /** A client with the caller's credential: LATCHKEY_TOKEN, else the stored login to this server. */
    Api api() {
        URI server = server();
        if (actingAsToken()) {
            return new Api(server, env().get(TOKEN_ENV).trim());
        }
        Config c = config();
        if (c.session() == null) {
            throw CliException.refused("not logged in: run `latchkey login --server " + server + " --email you@example.com`"
                    + " (or set " + TOKEN_ENV + ")");
        }
        if (c.server() == null || !parseServer(c.server()).equals(server)) {
            throw CliException.refused("not logged in to " + server + " (the stored login is for " + c.server()
                    + "): run `latchkey login --server " + server + "`");
        }
        return new Api(server, c.session());
    }

    /**
     * A sensitive request: sent with the confirmation password when --password-stdin gives one;
     * otherwise sent as is, and if the server answers 403 confirmation_required, the password is
     * asked for on the terminal and the request sent once more. Without a terminal the refusal
     * says how to confirm. A token (LATCHKEY_TOKEN) needs no confirmation.
     */
    Api.Reply sensitive(Api api, Confirmation confirmation, String method, String path, Object body) {
        if (confirmed == null && confirmation.passwordStdin) {
            confirmed = readPasswordLine("--password-stdin");
        }
        String password = confirmed;
        Api.Reply reply = api.send(method, path, body, password);
        if (reply.status() == 403 && "confirmation_required".equals(reply.reason()) && password == null) {
            Console console = System.console();
            if (console == null) {
                throw CliException.refused(reply.problem() + "\nconfirm with your password: run again with --password-stdin"
                        + " (or log in again: a fresh login counts as a confirmation for a few minutes)");
            }
            char[] typed = console.readPassword("Password of %s (to confirm): ", config().email() == null ? "your account" : config().email());
            if (typed == null || typed.length == 0) {
                throw CliException.refused("no password given; nothing was changed");
            }
            confirmed = new String(typed);
            reply = api.send(method, path, body, confirmed);
        }
        return reply.orFail();
    }

    /** The first line of stdin, as a password (a trailing newline or CR is not part of it). */
    String readPasswordLine(String option) {
        try {
            String line = stdin().readLine();
            if (line == null || line.isEmpty()) {
                throw CliException.usage(option + ": stdin is empty; pipe the password in, e.g. printf '%s\\n' \"$PASSWORD\" | latchkey ...");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw CliException.usage(option + ": cannot read stdin: " + e.getMessage());
        }
    }

    /** A token given to the command: from the variable --token-env names, else all of stdin, trimmed. */
    String readToken(TokenInput input) {
        String token;
        if (input.variable != null) {
            token = env().get(input.variable);
            if (token == null || token.isBlank()) {
                throw CliException.usage("--token-env: the environment variable " + input.variable + " is not set");
            }
        } else {
            if (System.console() != null) {
                out.note("Paste the token and press Ctrl-D:");
            }
            try {
                StringBuilder b = new StringBuilder();
                char[] buffer = new char[4096];
                int n;
                while ((n = stdin().read(buffer)) > 0 && b.length() < 100_000) {
                    b.append(buffer, 0, n);
                }
                token = b.toString();
            } catch (IOException e) {
                throw CliException.usage("cannot read the token from stdin: " + e.getMessage());
            }
            if (token.isBlank()) {
                throw CliException.usage("no token: pipe it on stdin (e.g. printf '%s' \"$T\" | latchkey ...) or name a variable with --token-env");
            }
        }
        return token.strip();
    }

    private BufferedReader stdin() {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdin;
    }

    /** Every item of a paged list ({@code {"items":[..],"nextCursor":..}}) or of a bare array. */
    static List<JsonNode> all(Api api, String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = api.get(page).orFail().body();
            JsonNode list = body.isArray() ? body : body.path("items");
            list.forEach(items::add);
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    /** A path segment from the user (an id or a slug), refused before it can change the URL's meaning. */
    static String segment(String option, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw CliException.usage(option + ": \"" + value + "\" is not an id or a slug");
        }
        return value;
    }

    static String query(String key, String value) {
        return value == null ? "" : "&" + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
