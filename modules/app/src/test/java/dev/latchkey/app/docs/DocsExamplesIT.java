package dev.latchkey.app.docs;

import dev.latchkey.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documentation that runs: every {@code ```sh} and {@code ```bash} block of README.md and docs/*.md,
 * in document order, in one bash session per document, against the packaged jar freshly started
 * on a free loopback port with the embedded default (H2 in a temp directory, default rate limits).
 * Every document other than the README continues from the README's five steps: its session first
 * replays the README's blocks, so {@code $B}, {@code $TOKEN} (ann's login) and {@code $PROJECT}
 * (project "web" of workspace "acme") are set. Each curl call must answer what the comment
 * {@code # -> …} beside it says (see {@link Expectation}), and a call with no such comment must
 * answer below 400. A {@code latchkey} command (docs/cli.md) must exit 0 unless its comment says
 * {@code # -> exit N}, and a JSON sketch after it is checked like a curl answer. A block preceded by {@code <!-- not run: reason -->} is reported as skipped.
 */
class DocsExamplesIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target/latchkey.jar");
    private static final Path CLI_JAR = ROOT.resolve("modules/cli/target/latchkey-cli.jar");
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    /** Counts and failures of one document. */
    private record Outcome(String doc, int run, int passed, int skipped, long calls, List<String> failures) {
    }

    @Test
    void everyShellExampleRunsAndAnswersWhatItsDocumentSays() throws Exception {
        assertTrue(Files.exists(JAR), "run after packaging: " + JAR.toAbsolutePath());
        assertTrue(Files.exists(CLI_JAR), "run after packaging the command line (-pl modules/cli,modules/app -am): " + CLI_JAR);
        assertEquals(0, new ProcessBuilder("bash", "-c", "command -v jq && command -v curl").start().waitFor(),
                "the documented examples need bash, curl and jq (apt-get install -y jq)");
        List<DocBlock> readme = blocks(ROOT.resolve("README.md"));
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(run("README.md", List.of(), readme));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                outcomes.add(run("docs/" + doc.getFileName(), runnable(readme), blocks(doc)));
            }
        }
        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            System.out.printf("[docs] %-22s blocks run %3d  passed %3d  skipped %3d  (calls %d)%n",
                    o.doc(), o.run(), o.passed(), o.skipped(), o.calls());
            failures.addAll(o.failures());
        }
        failures.forEach(f -> System.out.println("[docs] FAIL " + f));
        assertTrue(failures.isEmpty(), failures.size() + " documented examples do not work:\n" + String.join("\n", failures));
    }

    private static List<DocBlock> blocks(Path doc) throws IOException {
        return DocBlock.parse(ROOT.relativize(doc).toString(), Files.readAllLines(doc, StandardCharsets.UTF_8));
    }

    private static List<DocBlock> runnable(List<DocBlock> blocks) {
        return blocks.stream().filter(b -> b.isShell() && b.skipReason() == null).toList();
    }

    private Outcome run(String doc, List<DocBlock> prelude, List<DocBlock> blocks) throws Exception {
        List<DocBlock> shell = blocks.stream().filter(DocBlock::isShell).toList();
        for (DocBlock b : shell) {
            if (b.skipReason() != null) {
                System.out.println("[docs] skipped " + doc + ":" + b.firstLine() + " (" + b.skipReason() + ")");
            }
        }
        List<DocBlock> toRun = runnable(blocks);
        int skipped = shell.size() - toRun.size();
        if (toRun.isEmpty()) {
            return new Outcome(doc, 0, 0, skipped, 0, List.of());
        }
        Path work = TestDatabase.scratchDirectory("latchkey-docs");
        int port = freePort();
        start(port, work);
        DocScript script = new DocScript(work, "http://localhost:" + port);
        prelude.forEach(script::append);
        toRun.forEach(script::append);
        Path file = work.resolve("doc.sh");
        Files.writeString(file, script.text());
        ProcessBuilder session = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(work.resolve("doc.out").toFile());
        // the command line of docs/cli.md: bin/latchkey on the PATH, its login kept in the work folder
        session.environment().put("PATH", ROOT.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        session.environment().put("JAVA_HOME", System.getProperty("java.home"));
        session.environment().put("XDG_CONFIG_HOME", work.resolve("config").toString());
        session.environment().remove("LATCHKEY_TOKEN");
        session.environment().remove("LATCHKEY_SERVER");
        Process bash = session.start();
        boolean ended = bash.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            bash.destroyForcibly();
        }
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Map<DocBlock, List<String>> problems = judge(script, work);
        List<String> failures = new ArrayList<>();
        if (!ended) {
            failures.add(doc + ": the examples did not finish within 10 minutes");
        }
        problems.forEach((block, list) -> list.forEach(p -> failures.add(block.doc() + ":" + p
                + (block.doc().equals(doc) ? "" : " (replayed before " + doc + ")"))));
        long failedBlocks = toRun.stream().filter(problems::containsKey).count();
        if (!failures.isEmpty()) {
            System.out.println("[docs] output of " + doc + " is in " + work.resolve("doc.out"));
        }
        long calls = Files.readAllLines(work.resolve("calls")).stream()
                .map(l -> script.origin(Integer.parseInt(l.trim().split(" ")[3])).block())
                .filter(b -> b != null && b.doc().equals(doc)).count();
        return new Outcome(doc, toRun.size(), (int) (toRun.size() - failedBlocks), skipped, calls, failures);
    }

    /** Every recorded call against the expectation beside it, grouped by the block it came from. */
    private static Map<DocBlock, List<String>> judge(DocScript script, Path work) throws IOException {
        Map<Integer, List<String[]>> expectations = new LinkedHashMap<>();
        Map<DocBlock, List<String>> problems = new LinkedHashMap<>();
        for (String line : Files.readAllLines(work.resolve("expects"))) {
            String[] e = line.trim().split(" ", 3);
            DocScript.Origin at = script.origin(Integer.parseInt(e[1]));
            int call = Integer.parseInt(e[0]);
            expectations.computeIfAbsent(call, k -> new ArrayList<>()).add(new String[] {e[1], e[2]});
            if (call == 0 || script.origin(callLine(work, call)).block() != at.block()) {
                problems.computeIfAbsent(at.block(), k -> new ArrayList<>())
                        .add(at.docLine() + ": an expectation with no curl call before it in its block");
            }
        }
        for (String line : Files.readAllLines(work.resolve("calls"))) {
            String[] c = line.trim().split(" ");
            int call = Integer.parseInt(c[0]);
            boolean cli = "cli".equals(c[1]);
            DocScript.Origin from = script.origin(Integer.parseInt(c[3]));
            String body = Files.readString(work.resolve("body." + call));
            List<String> found = new ArrayList<>();
            List<String[]> mine = expectations.getOrDefault(call, List.of());
            if (cli) {
                // a latchkey command: exit 0 unless "# -> exit N" says otherwise
                int exit = Integer.parseInt(c[2]);
                if (mine.isEmpty() && exit != 0) {
                    found.add(from.docLine() + ": latchkey exited " + exit + " and no expectation says so (see doc.out)");
                }
                for (String[] e : mine) {
                    DocScript.Origin at = script.origin(Integer.parseInt(e[0]));
                    String text = new String(Base64.getDecoder().decode(e[1]), StandardCharsets.UTF_8);
                    for (String p : Expectation.exitProblems(text, exit, body)) {
                        found.add(at.docLine() + ": " + p + " (stdout: " + shorten(body) + ")");
                    }
                }
                if (!found.isEmpty() && from.block() != null) {
                    problems.computeIfAbsent(from.block(), k -> new ArrayList<>()).addAll(found);
                }
                continue;
            }
            int status = Integer.parseInt(c[1]);
            if (!"0".equals(c[2])) {
                found.add(from.docLine() + ": curl failed with exit code " + c[2]);
            }
            if (mine.isEmpty() && status >= 400) {
                found.add(from.docLine() + ": answered " + status + " and no expectation says so: " + shorten(body));
            }
            for (String[] e : mine) {
                DocScript.Origin at = script.origin(Integer.parseInt(e[0]));
                String text = new String(Base64.getDecoder().decode(e[1]), StandardCharsets.UTF_8);
                for (String p : Expectation.parse(text).problems(status, body)) {
                    found.add(at.docLine() + ": " + p + " (answer: " + shorten(body) + ")");
                }
            }
            if (!found.isEmpty() && from.block() != null) {
                problems.computeIfAbsent(from.block(), k -> new ArrayList<>()).addAll(found);
            }
        }
        return problems;
    }

    private static int callLine(Path work, int call) throws IOException {
        return Files.readAllLines(work.resolve("calls")).stream().map(l -> l.trim().split(" "))
                .filter(c -> Integer.parseInt(c[0]) == call).mapToInt(c -> Integer.parseInt(c[3])).findFirst().orElse(0);
    }

    private static String shorten(String body) {
        String one = body.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void start(int port, Path dataDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        pb.environment().put("LATCHKEY_DATA_DIR", dataDir.resolve("data").toString());
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        server = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                assertTrue(server.isAlive(), "the server died while starting, see " + dataDir.resolve("server.log"));
                assertTrue(Instant.now().isBefore(deadline), "the server did not start");
            }
            Thread.sleep(250);
        }
    }
}
