package dev.latchkey.app.docs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md's rule -> class table is where a reader looks a rule up (issue #13), so it
 * must list every rule the issue names, and every class or {@code Class.method} it points to must
 * exist in the sources: a renamed class or a method that was never written fails here instead of
 * sending the reader nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureRuleTableTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    /** A backticked name that starts with a capital: a class, or a class and a member after a dot. */
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]+)(?:\\.([a-z][A-Za-z0-9]*))?`");

    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|record|interface|enum) ([A-Z][A-Za-z0-9]*)");
    /** Library types the table names for what they do (Caffeine's cache of futures). */
    private static final Set<String> LIBRARY_TYPES = Set.of("AsyncCache");

    private final Map<String, String> rows = new HashMap<>();
    /** Every type declared in the sources (tests too: the table names the tests that guard a rule) -> its file's text. */
    private final Map<String, String> sources = new HashMap<>();

    @BeforeAll
    void read() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int start = doc.indexOf("| rule | where it is written (once) |");
        assertTrue(start >= 0, "docs/architecture.md has its rule -> class table");
        for (String line : doc.substring(start).split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && !cells[1].isBlank() && !cells[1].startsWith("---")) {
                rows.put(cells[1].trim(), cells[2].trim());
            }
        }
        try (Stream<Path> files = Files.walk(ROOT.resolve("modules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/")).toList()) {
                String text = Files.readString(file);
                Matcher declared = DECLARATION.matcher(text);
                while (declared.find()) {
                    sources.putIfAbsent(declared.group(1), text);
                }
            }
        }
    }

    @Test
    void everyRuleTheIssueNamesHasARow() {
        for (String rule : List.of("scope ceiling", "lifetime policy", "IP restriction", "who may mint what",
                "password confirmation", "revocation", "audit of lifecycle changes", "who may rotate itself",
                "\"any project of a workspace\"")) {
            assertTrue(rows.keySet().stream().anyMatch(r -> r.contains(rule)), "no row for " + rule + " in " + rows.keySet());
        }
        assertEquals(1, rows.keySet().stream().filter(r -> r.startsWith("password confirmation")).count(),
                "one row per rule, so two rows cannot say different things");
    }

    @Test
    void everyClassAndMethodTheTableNamesExists() {
        List<String> missing = new ArrayList<>();
        rows.values().forEach(where -> {
            Matcher m = REFERENCE.matcher(where);
            while (m.find()) {
                String type = m.group(1);
                String member = m.group(2);
                if (type.equals(type.toUpperCase()) || LIBRARY_TYPES.contains(type)) {
                    continue; // a constant (an enum value such as SUPERSEDED) or a library's type
                }
                String source = sources.get(type);
                if (source == null) {
                    missing.add(m.group());
                } else if (member != null && !Pattern.compile("\\b" + member + "\\b").matcher(source).find()) {
                    missing.add(m.group());
                }
            }
        });
        assertEquals(List.of(), missing, "named in docs/architecture.md's rule table but not in the sources");
    }
}
