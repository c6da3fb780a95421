package dev.latchkey.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/permissions.md is printed from the code; this keeps the two from drifting apart. */
class PermissionsDocTest {

    private static final String START = "<!-- generated:permissions:start -->";
    private static final String END = "<!-- generated:permissions:end -->";

    @Test
    void theDocumentedTablesAreExactlyWhatTheCodeRenders() throws IOException {
        Path doc = repositoryRoot().resolve("docs/permissions.md");
        assertTrue(Files.isRegularFile(doc), () -> "missing " + doc);
        String text = Files.readString(doc, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, () -> doc + " must hold the markers " + START + " and " + END);

        String documented = text.substring(start + START.length(), end).strip();
        String expected = PermissionTable.markdown().strip();
        if (!expected.equals(documented)) {
            System.out.println("docs/permissions.md is out of date; put this between the markers:\n" + expected);
        }
        assertEquals(expected, documented, "docs/permissions.md is out of date; the expected block is printed above");
    }

    // Surefire runs in the module directory, an IDE often in the repository root: walk up to the root.
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("docs")) && Files.isDirectory(candidate.resolve("modules"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no directory holding docs/ and modules/ above " + dir);
    }
}
