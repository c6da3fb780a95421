package dev.latchkey.app.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of {@link DocsExamplesIT} that decide what runs and what counts as a pass, without a server. */
class DocsHarnessTest {

    @Test
    void anExpectationChecksTheStatusEveryKeyShownAndThePlainValues() {
        Expectation e = Expectation.parse("201 {\"id\":\"…\",\"slug\":\"acme\",\"active\":true,\"grant\":{\"allProjects\":\"DEVELOPER\"},…}");
        assertEquals(201, e.status());
        String body = "{\"id\":\"x\",\"slug\":\"acme\",\"active\":true,\"grant\":{\"allProjects\":\"DEVELOPER\",\"projects\":null}}";
        assertEquals(List.of(), e.problems(201, body));
        assertEquals(List.of("status 200, expected 201"), e.problems(200, body));
        assertEquals(List.of("\"slug\" is \"globex\", expected \"acme\""), e.problems(201, body.replace("acme", "globex")));
        assertEquals(List.of("no key \"grant\"", "no key \"allProjects\""),
                e.problems(201, "{\"id\":\"x\",\"slug\":\"acme\",\"active\":true}"));
        assertEquals(List.of("\"active\" is false, expected true"), e.problems(201, body.replace("true", "false")));
        assertEquals(List.of("the answer is no JSON, expected keys [id, slug, active, grant, allProjects]"), e.problems(201, "<html>"));
    }

    @Test
    void withoutAStatusAnyTwoHundredPassesAndProseIsNotCompared() {
        Expectation e = Expectation.parse("{\"allowed\":true,\"reason\":\"allowed\",…}");
        assertNull(e.status());
        assertEquals(List.of(), e.problems(200, "{\"allowed\":true,\"reason\":\"allowed\"}"));
        assertEquals(List.of("status 403, expected 2xx"), e.problems(403, "{\"allowed\":true,\"reason\":\"allowed\"}"));
        assertEquals(List.of(), Expectation.parse("204                 protected, so no body").problems(204, ""));
        assertEquals(List.of("status 409, expected 204"), Expectation.parse("204").problems(409, "{}"));
    }

    @Test
    void aLatchkeyCommandPassesOnItsExitCodeAndTheJsonItPrints() {
        assertEquals(List.of(), Expectation.exitProblems("", 0, "lkp_x"));
        assertEquals(List.of("latchkey exited 1, expected 0"), Expectation.exitProblems("", 1, ""));
        assertEquals(List.of(), Expectation.exitProblems("exit 1     refused: not in its scopes", 1, "refused: x"));
        assertEquals(List.of("latchkey exited 0, expected 1"), Expectation.exitProblems("exit 1", 0, ""));
        assertEquals(List.of(), Expectation.exitProblems("{\"email\":\"ann@example.com\",…}", 0, "{\"email\":\"ann@example.com\",\"id\":\"x\"}"));
        assertEquals(List.of("\"allowed\" is false, expected true"),
                Expectation.exitProblems("exit 0 {\"allowed\":true}", 0, "{\"allowed\":false}"));
        DocScript script = new DocScript(Path.of("/tmp/w"), "http://localhost:1234");
        script.append(new DocBlock("cli.md", 1, 3, "sh", null, List.of("latchkey whoami --server http://localhost:8080   # -> exit 0")));
        assertTrue(script.text().contains("latchkey() {"), script.text());
        assertTrue(script.text().contains("latchkey whoami --server http://localhost:1234\n__expect "), script.text());
    }

    @Test
    void headersOfCurlDashIAreNotPartOfTheBody() {
        Expectation e = Expectation.parse("200 {\"status\":\"UP\"}");
        assertEquals(List.of(), e.problems(200, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"UP\"}"));
    }

    @Test
    void aNotRunCommentSkipsOnlyTheBlockRightAfterIt() {
        List<DocBlock> blocks = DocBlock.parse("x.md", List.of(
                "<!-- not run: needs a MySQL server -->", "", "```sh", "mysql", "```",
                "text", "```bash", "curl -s $B/health", "```",
                "<!-- not run: nope -->", "prose in between", "```sh", "echo hi", "```",
                "```nginx", "server {}", "```"));
        assertEquals(4, blocks.size());
        assertEquals("needs a MySQL server", blocks.get(0).skipReason());
        assertNull(blocks.get(1).skipReason());
        assertEquals(8, blocks.get(1).firstLine());
        assertNull(blocks.get(2).skipReason(), "a comment followed by prose marks nothing");
        assertTrue(blocks.get(2).isShell());
        assertTrue(!blocks.get(3).isShell());
    }

    @Test
    void theScriptKeepsTheCommandsAndTurnsExpectationsIntoChecksOfTheLastCall() {
        DocBlock block = new DocBlock("x.md", 1, 10, "sh", null, List.of(
                "curl -s -X POST http://localhost:8080/api/workspaces \\",
                "  -d '{}'",
                "# -> 201 {\"id\":\"…\",",
                "#         \"slug\":\"acme\"}",
                "curl -s $B/health   # -> 200",
                "# a comment stays a comment"));
        DocScript script = new DocScript(Path.of("/tmp/w"), "http://localhost:1234");
        script.append(block);
        String text = script.text();
        assertTrue(text.contains("curl -s -X POST http://localhost:1234/api/workspaces \\\n  -d '{}'\n__expect "), text);
        assertTrue(text.contains("curl -s $B/health\n__expect "), text);
        assertTrue(text.contains("# a comment stays a comment"), text);
        assertEquals(2, text.split("__expect [A-Za-z0-9+/=]+\n", -1).length - 1, text);
    }

    /**
     * A block without a language would be neither run nor reported: every fenced block of README.md
     * and docs/ says what it is ({@code sh}/{@code bash} to run, {@code text} for a diagram or output).
     */
    @Test
    void everyFencedBlockOfTheDocsNamesItsLanguage() throws java.io.IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<Path> docs = new java.util.ArrayList<>(List.of(root.resolve("README.md")));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> unlabelled = new java.util.ArrayList<>();
        for (Path doc : docs) {
            for (DocBlock block : DocBlock.parse(root.relativize(doc).toString(), java.nio.file.Files.readAllLines(doc))) {
                if (block.language().isEmpty()) {
                    unlabelled.add(block.doc() + ":" + (block.firstLine() - 1));
                }
            }
        }
        assertTrue(unlabelled.isEmpty(), "fenced blocks without a language: " + unlabelled);
    }
}
