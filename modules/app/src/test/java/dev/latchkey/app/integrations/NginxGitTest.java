package dev.latchkey.app.integrations;

import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * git clone and push through a real nginx with {@code auth_request} in front of
 * {@code git http-backend} (via fcgiwrap), configured by the recipe printed in
 * docs/integrations.md, with each kind of token as git's password.
 */
@ProxyBinaries.Needs(value = {"/usr/sbin/nginx", "/usr/sbin/fcgiwrap", "/usr/bin/git", "/usr/lib/git-core/git-http-backend"},
        packages = "nginx fcgiwrap git")
@MicronautTest(transactional = false)
class NginxGitTest extends HttpTestBase {
    @Inject
    EmbeddedServer server;

    private Path dir;
    private ChildProcesses children;
    private int port;
    private Person ann;
    private String ws;
    private String project;
    private Path bare;

    @BeforeAll
    void startNginx() throws IOException {
        dir = Files.createTempDirectory("latchkey-nginx-git");
        children = new ChildProcesses(dir);
        ann = api.person();
        ws = api.workspace(ann);
        project = api.project(ann, ws);
        bare = dir.resolve("git").resolve(ws).resolve(project).resolve("web.git");
        seed(bare);

        Path socket = dir.resolve("fcgiwrap.socket");
        Process fcgiwrap = children.start("fcgiwrap", List.of("/usr/sbin/fcgiwrap", "-c", "2", "-s", "unix:" + socket));
        children.awaitFile("fcgiwrap", fcgiwrap, socket);

        port = DocConfig.freePort();
        String site = DocConfig.read("nginx-git").with(DocConfig.substitutions(
                "server 127.0.0.1:8080;", "server 127.0.0.1:" + server.getPort() + ";",
                "listen 443 ssl;", "listen 127.0.0.1:" + port + ";",
                "ssl_certificate     /etc/ssl/certs/git.example.com.pem;", "",
                "ssl_certificate_key /etc/ssl/private/git.example.com.key;", "",
                "/srv/git", dir.resolve("git").toString(),
                "unix:/run/fcgiwrap.socket", "unix:" + socket)).text();
        Files.createDirectories(dir.resolve("tmp"));
        Files.copy(Path.of("/etc/nginx/fastcgi_params"), dir.resolve("fastcgi_params"));
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                %2$s
                }
                """.formatted(dir, site));
        List<String> nginx = List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString());
        ChildProcesses.Result syntax = ChildProcesses.run(dir, Map.of(),
                concat(nginx, "-t").toArray(String[]::new));
        assertEquals(0, syntax.exit(), "nginx -t on the documented config:\n" + syntax.output());
        children.awaitPort("nginx", children.start("nginx", nginx), port);
    }

    @AfterAll
    void stop() {
        if (children != null) {
            children.close();
        }
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(last);
        return all;
    }

    private Map<String, String> gitEnv() {
        return Map.of("HOME", dir.resolve("home").toString(), "GIT_CONFIG_NOSYSTEM", "1", "GIT_TERMINAL_PROMPT", "0",
                "GIT_ASKPASS", "/bin/false", "LC_ALL", "C");
    }

    private ChildProcesses.Result git(Path workDir, String... args) {
        String[] command = new String[args.length + 5];
        command[0] = "/usr/bin/git";
        command[1] = "-c";
        command[2] = "user.name=Latchkey Test";
        command[3] = "-c";
        command[4] = "user.email=test@latchkey.invalid";
        System.arraycopy(args, 0, command, 5, args.length);
        return ChildProcesses.run(workDir, gitEnv(), command);
    }

    private void seed(Path repo) throws IOException {
        Files.createDirectories(repo);
        Files.createDirectories(dir.resolve("home"));
        assertEquals(0, git(dir, "init", "-q", "--bare", "-b", "main", repo.toString()).exit());
        Path work = Files.createTempDirectory(dir, "seed");
        assertEquals(0, git(work, "init", "-q", "-b", "main").exit());
        Files.writeString(work.resolve("README"), "hello\n");
        assertEquals(0, git(work, "add", "README").exit());
        assertEquals(0, git(work, "commit", "-q", "-m", "first").exit());
        ChildProcesses.Result push = git(work, "push", "-q", repo.toString(), "main");
        assertEquals(0, push.exit(), push.output());
    }

    private String url(String token) {
        return "http://git:" + token + "@127.0.0.1:" + port + "/" + ws + "/" + project + "/web.git";
    }

    private ChildProcesses.Result cloneWith(String token, Path into) {
        return git(dir, "clone", "-q", url(token), into.toString());
    }

    private String head() {
        return git(dir, "--git-dir", bare.toString(), "log", "-1", "--format=%s", "main").output().trim();
    }

    private void cloneAndPush(String kind, String token) throws IOException {
        Path work = dir.resolve("clone-" + kind);
        ChildProcesses.Result clone = cloneWith(token, work);
        assertEquals(0, clone.exit(), kind + " clone: " + clone.output() + "\n" + children.log("nginx"));
        assertEquals("hello\n", Files.readString(work.resolve("README")));
        Files.writeString(work.resolve(kind + ".txt"), kind + "\n");
        assertEquals(0, git(work, "add", kind + ".txt").exit());
        assertEquals(0, git(work, "commit", "-q", "-m", "pushed with a " + kind + " token").exit());
        ChildProcesses.Result push = git(work, "push", "-q", "origin", "main");
        assertEquals(0, push.exit(), kind + " push: " + push.output());
        assertEquals("pushed with a " + kind + " token", head());
    }

    @Test
    void aPersonalAccessTokenClonesAndPushes() throws IOException {
        cloneAndPush("personal", fx.mint(ann, Map.of("name", "git", "workspace", ws,
                "scopes", List.of("repositories:read", "repositories:write"))).secret());
    }

    @Test
    void aWorkspaceTokenClonesAndPushes() throws IOException {
        Reply token = api.post("/api/workspaces/" + ws + "/tokens",
                Map.of("name", "ci", "grant", Map.of("projects", Map.of(project, "DEVELOPER"))), ann.bearer());
        assertEquals(201, token.status(), token.toString());
        cloneAndPush("workspace", token.string("token"));
    }

    @Test
    void aServiceTokenClonesAndPushes() throws IOException {
        String serviceUser = api.post("/api/workspaces/" + ws + "/service-users",
                Map.of("firstName", "Git", "lastName", "Bot"), ann.bearer()).string("id");
        Reply token = api.post("/api/users/service/" + serviceUser + "/personal-access-tokens",
                Map.of("note", "git", "permissions", List.of("repositories:read", "repositories:write"), "allProjects", true),
                ann.bearer());
        assertEquals(201, token.status(), token.toString());
        cloneAndPush("service", token.string("token"));
    }

    @Test
    void aReadOnlyTokenClonesAndIsRefusedOnPush() throws IOException {
        String readOnly = fx.mint(ann, Map.of("name", "ro", "workspace", ws, "scopes", List.of("repositories:read"))).secret();
        Path work = dir.resolve("clone-readonly");
        assertEquals(0, cloneWith(readOnly, work).exit());
        String before = head();
        Files.writeString(work.resolve("nope.txt"), "nope\n");
        git(work, "add", "nope.txt");
        git(work, "commit", "-q", "-m", "must not land");
        ChildProcesses.Result push = git(work, "push", "-q", "origin", "main");
        assertNotEquals(0, push.exit());
        assertTrue(push.output().contains("403"), push.output());
        assertEquals(before, head());
    }

    @Test
    void noTokenOrAWrongOneIsAskedForCredentials() {
        ChildProcesses.Result anonymous = git(dir, "clone", "-q",
                "http://127.0.0.1:" + port + "/" + ws + "/" + project + "/web.git", dir.resolve("anon").toString());
        assertNotEquals(0, anonymous.exit());
        assertTrue(anonymous.output().contains("could not read Username"), anonymous.output());
        ChildProcesses.Result wrong = cloneWith("lkp_" + "0".repeat(49), dir.resolve("wrong"));
        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.output().contains("Authentication failed"), wrong.output());
    }
}
