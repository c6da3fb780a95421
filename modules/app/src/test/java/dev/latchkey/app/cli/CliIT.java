package dev.latchkey.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.app.support.PackagedNode;
import dev.latchkey.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real command line, {@code bin/latchkey} running {@code modules/cli/target/latchkey-cli.jar} as
 * a process, against the packaged server on a loopback port (on the suite's database). The server's
 * sudo window is 0, so every sensitive command needs its password confirmation (the fresh-login
 * path, where none is asked, is the one docs/cli.md runs). Every test has its own config folder
 * (XDG_CONFIG_HOME) and its own user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private static final Path LAUNCHER = Path.of("../../bin/latchkey").toAbsolutePath().normalize();
    private static final Path CLI_JAR = Path.of("../cli/target/latchkey-cli.jar").toAbsolutePath().normalize();
    private static final String PASSWORD = "command line password";
    private static final String TOKEN_PATTERN = "lk[pws]_[0-9A-Za-z]{49}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PackagedNode node;
    private String base;
    private Path configHome;
    private String email;
    private String workspace;
    private String project;

    /** One run of the command: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        Run expect(int code) {
            assertEquals(code, exit, "exit code; stdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    @BeforeAll
    void startServer() throws Exception {
        assertTrue(Files.exists(CLI_JAR), "run after packaging the command line (./mvnw -pl modules/cli,modules/app -am verify): " + CLI_JAR);
        Path data = TestDatabase.scratchDirectory("latchkey-cli");
        node = new PackagedNode(PackagedNode.freePort(), data, Map.of("LATCHKEY_SECURITY_SUDO_WINDOW", "0s"));
        node.start();
        base = "http://127.0.0.1:" + node.port();
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        if (node != null) {
            node.kill();
        }
    }

    /** A new user with a workspace and a project, and a config folder of its own (not logged in yet). */
    @BeforeEach
    void newUser() throws Exception {
        configHome = TestDatabase.scratchDirectory("latchkey-cli-config");
        email = "cli-" + UUID.randomUUID() + "@example.com";
        http("POST", "/api/signup", null, Map.of("email", email, "firstName", "Cli", "lastName", "User", "password", PASSWORD), 201);
        String jwt = http("POST", "/login", null, Map.of("username", email, "password", PASSWORD), 200).path("access_token").asText();
        workspace = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        http("POST", "/api/workspaces", jwt, Map.of("slug", workspace, "name", "CLI"), 201);
        project = http("POST", "/api/workspaces/" + workspace + "/projects", jwt, Map.of("key", "web", "name", "Web"), 201)
                .path("id").asText();
    }

    private JsonNode http(String method, String path, String bearer, Object body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private Run cli(String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LATCHKEY_TOKEN");
        pb.environment().remove("LATCHKEY_SERVER");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CONFIG_HOME", configHome.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "latchkey " + String.join(" ", args) + " did not end");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private Run cli(String... args) throws Exception {
        return cli(null, Map.of(), args);
    }

    /** A sensitive command, confirmed with the password on stdin. */
    private Run confirmed(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--password-stdin");
        return cli(PASSWORD + "\n", Map.of(), all.toArray(String[]::new));
    }

    private void login() throws Exception {
        cli(PASSWORD + "\n", Map.of(), "login", "--server", base, "--email", email, "--password-stdin").expect(0);
    }

    private static Map<String, String> as(String token) {
        return Map.of("LATCHKEY_TOKEN", token);
    }

    @Test
    void loginStoresTheSessionOwnerOnlyAndWhoamiShowsWhoItIs() throws Exception {
        Run login = cli(PASSWORD + "\n", Map.of(), "login", "--server", base, "--email", email, "--password-stdin").expect(0);
        assertEquals("", login.out(), "login prints nothing on stdout");
        Path config = configHome.resolve("latchkey/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())));
        assertFalse(Files.readString(config).contains(PASSWORD), "the password is not stored");

        Run table = cli("whoami").expect(0);
        assertTrue(table.out().contains("email:") && table.out().contains(email), table.out());
        assertEquals(email, cli("whoami", "--output", "json").expect(0).json().path("email").asText());
    }

    /**
     * The command on a terminal (a pseudo-terminal from util-linux {@code script}): the password is
     * typed after the prompt appears, as a person would, and the whole terminal output is returned.
     */
    private Run onTerminal(String typed, String... args) throws Exception {
        StringBuilder command = new StringBuilder(LAUNCHER.toString());
        for (String a : args) {
            command.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null").redirectErrorStream(true);
        pb.environment().remove("LATCHKEY_TOKEN");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CONFIG_HOME", configHome.toString());
        Process p = pb.start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                p.destroyForcibly();
            }
        });
        watchdog.start();
        StringBuilder seen = new StringBuilder();
        var in = p.getInputStream();
        byte[] buffer = new byte[4096];
        int n;
        boolean sent = false;
        while ((n = in.read(buffer)) > 0) {
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            if (!sent && seen.toString().contains("Password of")) {
                Thread.sleep(300); // the prompt is printed just before echo is switched off
                p.getOutputStream().write(typed.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
                sent = true;
            }
        }
        p.waitFor();
        watchdog.interrupt();
        return new Run(p.exitValue(), seen.toString(), "");
    }

    @Test
    void onATerminalThePasswordIsAskedWithoutEchoAndSoIsAConfirmation() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            System.out.println("[CliIT] skipped: no util-linux script(1) for a pseudo-terminal");
            Assumptions.abort("no /usr/bin/script");
        }
        Run login = onTerminal(PASSWORD + "\n", "login", "--server", base, "--email", email).expect(0);
        assertTrue(login.out().contains("Password of " + email), login.out());
        assertFalse(login.out().contains(PASSWORD), "the password is not echoed: " + login.out());
        assertEquals(email, cli("whoami", "-o", "json").expect(0).json().path("email").asText());

        // the sudo window of this server is 0: the server asks for a confirmation and the command prompts for it
        Run created = onTerminal(PASSWORD + "\n", "pat", "create", "--name", "typed", "--scope", "user:read").expect(0);
        assertTrue(created.out().contains("(to confirm)"), created.out());
        assertFalse(created.out().contains(PASSWORD), created.out());
        assertTrue(java.util.regex.Pattern.compile(TOKEN_PATTERN).matcher(created.out()).find(), created.out());
        assertEquals("typed", cli("pat", "list", "-o", "json").expect(0).json().get(0).path("name").asText());
    }

    @Test
    void aWrongPasswordIsRefusedWithExitOneAndTheServersMessage() throws Exception {
        Run run = cli("not the password\n", Map.of(), "login", "--server", base, "--email", email, "--password-stdin").expect(1);
        assertTrue(run.err().contains("login refused") && run.err().contains("401"), run.err());
        assertFalse(Files.exists(configHome.resolve("latchkey/config.json")), "nothing stored");
        assertTrue(cli("whoami", "--server", base).expect(1).err().contains("not logged in"));
    }

    @Test
    void theConfigOptionPutsTheSessionWhereItSays() throws Exception {
        Path file = configHome.resolve("elsewhere/session.json");
        cli(PASSWORD + "\n", Map.of(), "login", "--server", base, "--email", email, "--password-stdin", "--config", file.toString()).expect(0);
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(configHome.resolve("latchkey/config.json")));
        assertEquals(email, cli("whoami", "--config", file.toString(), "-o", "json").expect(0).json().path("email").asText());
    }

    @Test
    void logoutEndsTheSessionOnTheServerAndHere() throws Exception {
        login();
        String session = JSON.readTree(configHome.resolve("latchkey/config.json").toFile()).path("session").asText();
        cli("logout").expect(0);
        http("GET", "/api/user", session, null, 401);
        assertTrue(JSON.readTree(configHome.resolve("latchkey/config.json").toFile()).path("session").isNull());
        assertTrue(cli("whoami").expect(1).err().contains("not logged in"));
    }

    @Test
    void aPersonalAccessTokenFromCreateToRevoke() throws Exception {
        login();
        Run created = confirmed("pat", "create", "--name", "ci", "--scope", "user:read", "--scope", "projects:read",
                "--expiration", "30d").expect(0);
        String token = created.out().strip();
        assertTrue(token.matches(TOKEN_PATTERN) && token.startsWith("lkp_"), "stdout is the token alone: " + created.out());
        assertTrue(created.err().contains("shown only this once"), created.err());

        JsonNode list = cli("pat", "list", "-o", "json").expect(0).json();
        assertTrue(list.isArray() && list.size() == 1, list.toString());
        String id = list.get(0).path("id").asText();
        assertEquals("ci", list.get(0).path("name").asText());
        assertFalse(list.toString().contains(token), "a list never shows the secret");
        assertTrue(cli("pat", "list").expect(0).out().lines().anyMatch(l -> l.startsWith(id) && l.contains("active")));
        Run shown = cli("pat", "show", id).expect(0);
        assertTrue(shown.out().contains("projects:read"), shown.out());
        assertEquals(id, cli("pat", "show", id, "-o", "json").expect(0).json().path("id").asText());

        assertEquals(email, cli(null, as(token), "whoami", "--server", base, "-o", "json").expect(0).json().path("email").asText());

        String regenerated = confirmed("pat", "regenerate", id).expect(0).out().strip();
        assertTrue(regenerated.matches(TOKEN_PATTERN));
        assertNotEquals(token, regenerated);
        cli(null, as(token), "whoami", "--server", base).expect(1);
        cli(null, as(regenerated), "whoami", "--server", base).expect(0);

        confirmed("pat", "revoke", id).expect(0);
        assertTrue(cli(null, as(regenerated), "whoami", "--server", base).expect(1).err().contains("revoked"));
        assertEquals("revoked", cli("pat", "list", "--state", "revoked", "-o", "json").expect(0).json().get(0).path("status").asText());
        assertTrue(cli("pat", "show", UUID.randomUUID().toString()).expect(1).err().contains("404"));
    }

    @Test
    void jsonOutputOfCreateIsTheServersAnswerWithTheTokenAndQuietSilencesNotes() throws Exception {
        login();
        Run run = confirmed("pat", "create", "--name", "json", "--scope", "user:read", "-o", "json", "--quiet").expect(0);
        assertEquals("", run.err());
        JsonNode created = run.json();
        assertTrue(created.path("token").asText().matches(TOKEN_PATTERN));
        assertEquals("json", created.path("name").asText());
        assertEquals("personal", created.path("kind").asText());
    }

    @Test
    void aSensitiveCommandWithoutAPasswordOrATerminalSaysHowToConfirmAndChangesNothing() throws Exception {
        login();
        Run run = cli("pat", "create", "--name", "unconfirmed", "--scope", "user:read").expect(1);
        assertEquals("", run.out());
        assertTrue(run.err().contains("needs a confirmation") && run.err().contains("--password-stdin"), run.err());
        assertEquals(0, cli("pat", "list", "-o", "json").expect(0).json().size());

        Run wrong = cli("wrong password\n", Map.of(), "pat", "create", "--name", "x", "--scope", "user:read", "--password-stdin").expect(1);
        assertTrue(wrong.err().contains("does not match"), wrong.err());
        assertEquals(0, cli("pat", "list", "-o", "json").expect(0).json().size());
    }

    @Test
    void aWorkspaceTokenFromCreateToRevokeAndWhatItMayDo() throws Exception {
        login();
        String token = confirmed("workspace-token", "create", "--workspace", workspace, "--name", "bitrise", "--role", "TESTER",
                "--expiration", "7d").expect(0).out().strip();
        assertTrue(token.startsWith("lkw_") && token.matches(TOKEN_PATTERN), token);
        JsonNode list = cli("workspace-token", "list", "-w", workspace, "-o", "json").expect(0).json();
        String id = list.get(0).path("id").asText();
        assertEquals("TESTER", cli("workspace-token", "show", "-w", workspace, id, "-o", "json").expect(0).json()
                .path("grant").path("allProjects").asText());
        assertTrue(cli("workspace-token", "show", "-w", workspace, id).expect(0).out().contains("TESTER"));

        assertTrue(cli(null, as(token), "check", "projects:read", "--project", project, "--server", base).expect(0).out().startsWith("allowed"));
        Run refused = cli(null, as(token), "check", "workspace:manage", "--workspace", workspace, "--server", base).expect(1);
        assertTrue(refused.out().startsWith("refused"), refused.out());

        String regenerated = confirmed("workspace-token", "regenerate", "-w", workspace, id, "--expiration", "30d").expect(0).out().strip();
        assertTrue(regenerated.startsWith("lkw_"));
        confirmed("workspace-token", "revoke", "-w", workspace, id).expect(0);
        assertEquals("revoked", cli("workspace-token", "show", "-w", workspace, id, "-o", "json").expect(0).json().path("status").asText());
        assertTrue(cli("workspace-token", "list", "-w", "no-such-" + UUID.randomUUID().toString().substring(0, 6)).expect(1)
                .err().contains("HTTP 404"));
    }

    @Test
    void aServiceUserAndItsTokens() throws Exception {
        login();
        String bot = confirmed("service-user", "create", "-w", workspace, "--first-name", "Deploy", "--last-name", "Bot").expect(0).out().strip();
        assertEquals(36, bot.length(), "stdout is the service user's id alone: " + bot);
        assertTrue(cli("service-user", "list", "-w", workspace).expect(0).out().contains(bot));
        assertEquals("Deploy", cli("service-user", "show", "-w", workspace, bot, "-o", "json").expect(0).json().path("firstName").asText());

        String token = confirmed("service-token", "create", "--user", bot, "--name", "deploy", "--permission", "releases:deploy",
                "--project", project).expect(0).out().strip();
        assertTrue(token.startsWith("lks_") && token.matches(TOKEN_PATTERN), token);
        JsonNode list = cli("service-token", "list", "--user", bot, "-o", "json").expect(0).json();
        String id = list.get(0).path("id").asText();
        assertTrue(cli("service-token", "show", "--user", bot, id).expect(0).out().contains("releases:deploy"));

        Run verified = cli(token, Map.of(), "verify", "--server", base, "--permission", "releases:deploy", "--project", project).expect(0);
        assertEquals("allowed: service:" + bot, verified.out().strip());
        cli(token, Map.of(), "verify", "--server", base, "--permission", "workspace:manage", "--workspace", workspace).expect(1);

        String regenerated = confirmed("service-token", "regenerate", "--user", bot, id).expect(0).out().strip();
        cli(token, Map.of(), "verify", "--server", base).expect(1);
        cli(regenerated, Map.of(), "verify", "--server", base).expect(0);
        confirmed("service-token", "revoke", "--user", bot, id).expect(0);
        assertTrue(cli(regenerated, Map.of(), "verify", "--server", base).expect(1).err().contains("revoked"));

        confirmed("service-user", "delete", "-w", workspace, bot).expect(0);
        cli("service-user", "show", "-w", workspace, bot).expect(1);
    }

    @Test
    void checkAnswersWithItsExitCode() throws Exception {
        login();
        Run allowed = cli("check", "releases:deploy", "--project", project).expect(0);
        assertTrue(allowed.out().startsWith("allowed"), allowed.out());
        JsonNode json = cli("check", "releases:deploy", "--project", project, "-o", "json").expect(0).json();
        assertTrue(json.path("allowed").asBoolean());
        assertEquals("releases:deploy", json.path("permission").asText());
        Run unknown = cli("check", "no:such-permission", "--project", project).expect(2);
        assertTrue(unknown.err().contains("HTTP 400"), unknown.err());
    }

    @Test
    void introspectReadsTheTokenFromStdinOrAVariableNeverFromTheArguments() throws Exception {
        login();
        String token = confirmed("pat", "create", "--name", "seen", "--scope", "user:read").expect(0).out().strip();
        JsonNode active = cli(token, Map.of(), "introspect", "-o", "json").expect(0).json();
        assertTrue(active.path("active").asBoolean());
        assertEquals(email, active.path("username").asText());
        assertTrue(cli(null, Map.of("MY_TOKEN", token), "introspect", "--token-env", "MY_TOKEN").expect(0).out().contains("personal"));
        Run positional = cli("introspect", token).expect(2);
        assertTrue(positional.err().contains("Unmatched argument"), positional.err());
        assertFalse(positional.err().contains(token.substring(4)), "a token given as an argument is not echoed: " + positional.err());
        assertTrue(positional.err().contains("never from the arguments"), positional.err());
    }

    @Test
    void aMalformedTokenIsRefusedEverywhereWithTheServersReason() throws Exception {
        login();
        String malformed = "lkp_" + "A".repeat(49);
        assertEquals("active: false", cli(malformed, Map.of(), "introspect").expect(1).out().strip());
        assertTrue(cli(malformed, Map.of(), "verify", "--server", base).expect(1).err().contains("malformed"));
        assertTrue(cli(null, as("not-a-token"), "whoami", "--server", base).expect(1).err().contains("HTTP 401"));
        assertTrue(cli("", Map.of(), "verify", "--server", base).expect(2).err().contains("no token"));
    }

    @Test
    void anUnreachableServerIsExitTwoAndSaysSo() throws Exception {
        int closed = PackagedNode.freePort();
        Instant start = Instant.now();
        Run run = cli(PASSWORD + "\n", Map.of(), "login", "--server", "http://127.0.0.1:" + closed, "--email", email, "--password-stdin")
                .expect(2);
        assertTrue(run.err().contains("cannot reach http://127.0.0.1:" + closed), run.err());
        cli(null, as("lkp_x"), "whoami", "--server", "http://127.0.0.1:" + closed).expect(2);
        // logging out of a server that is gone still forgets the session here
        Path config = configHome.resolve("latchkey/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"server\":\"http://127.0.0.1:" + closed + "\",\"email\":\"x@example.com\",\"session\":\"eyJ.x.y\"}");
        assertTrue(cli("logout").expect(2).err().contains("cannot reach"));
        assertTrue(JSON.readTree(config.toFile()).path("session").isNull());
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 20, "refused at once, not after a long timeout");
    }

    @Test
    void usageMistakesAreExitTwoWithAPointerToHelp() throws Exception {
        Run missing = cli("pat", "create", "--scope", "user:read").expect(2);
        assertTrue(missing.err().contains("Missing required option: '--name=<name>'") && missing.err().contains("latchkey pat create --help"),
                missing.err());
        cli("no-such-command").expect(2);
        cli("pat").expect(2);
        assertTrue(cli("whoami", "--server", "ftp://example").expect(2).err().contains("not an http(s) URL"));
        Run help = cli("pat", "create", "--help").expect(0);
        assertTrue(help.out().contains("Examples:") && help.out().contains("--password-stdin"), help.out());
    }

    @Test
    void shellCompletionIsGeneratedAndLoadsInBash() throws Exception {
        Run script = cli("generate-completion").expect(0);
        Path file = configHome.resolve("latchkey-completion.bash");
        Files.writeString(file, script.out());
        Process bash = new ProcessBuilder("bash", "-c", "source '" + file + "' && complete -p latchkey").redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        assertTrue(out.contains("latchkey"), out);
    }

    /**
     * Rotation (DESIGN "Rotation", issue #15) for every kind: a new secret printed alone, and the
     * old one still alive for the grace period.
     */
    @Test
    void rotateGivesANewSecretAndTheOldOneLivesForTheGraceForEveryKind() throws Exception {
        login();
        String pat = confirmed("pat", "create", "--name", "rotating", "--scope", "user:read").expect(0).out().strip();
        String patId = cli("pat", "list", "-o", "json").expect(0).json().get(0).path("id").asText();
        String freshPat = confirmed("pat", "rotate", patId, "--grace", "3600").expect(0).out().strip();
        assertTrue(freshPat.matches(TOKEN_PATTERN), freshPat);
        assertNotEquals(pat, freshPat);
        cli(null, as(freshPat), "whoami", "--server", base).expect(0);
        cli(null, as(pat), "whoami", "--server", base).expect(0);

        String wst = confirmed("workspace-token", "create", "--workspace", workspace, "--name", "rotating", "--role", "TESTER",
                "--expiration", "7d").expect(0).out().strip();
        String wstId = cli("workspace-token", "list", "-w", workspace, "-o", "json").expect(0).json().get(0).path("id").asText();
        String freshWst = confirmed("workspace-token", "rotate", "-w", workspace, wstId, "--grace", "3600").expect(0).out().strip();
        assertTrue(freshWst.startsWith("lkw_") && !freshWst.equals(wst), freshWst);
        cli(freshWst, Map.of(), "verify", "--server", base).expect(0);
        cli(wst, Map.of(), "verify", "--server", base).expect(0);

        String bot = confirmed("service-user", "create", "-w", workspace, "--first-name", "Rot", "--last-name", "Bot").expect(0).out().strip();
        String sut = confirmed("service-token", "create", "--user", bot, "--name", "rotating", "--permission", "releases:deploy",
                "--project", project).expect(0).out().strip();
        String sutId = cli("service-token", "list", "--user", bot, "-o", "json").expect(0).json().get(0).path("id").asText();
        // grace 0: the old secret stops at once
        String freshSut = confirmed("service-token", "rotate", "--user", bot, sutId, "--grace", "0").expect(0).out().strip();
        assertTrue(freshSut.startsWith("lks_") && !freshSut.equals(sut), freshSut);
        cli(freshSut, Map.of(), "verify", "--server", base).expect(0);
        cli(sut, Map.of(), "verify", "--server", base).expect(1);
    }
}
