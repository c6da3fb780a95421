package dev.latchkey.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No full-length token is written into the project's sources, docs, scripts or configs: tests and
 * benchmarks mint the tokens they use, so nothing that looks like a live credential is ever
 * committed (and secret scanners stay quiet). A whole-token-shaped string in any text file of the
 * repository fails this test, wherever it sits.
 */
class NoTokenLiteralsTest {
    /**
     * Kind prefix, underscore, then at least a token's 49 base62 characters (DESIGN.md, token
     * format): a longer run holds a whole token too, and a scanner flags it just the same.
     */
    private static final Pattern WHOLE_TOKEN = Pattern.compile("lk[pws]_[0-9A-Za-z]{49}");
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", "data", ".mvn");
    private static final Set<String> TEXT_ENDINGS = Set.of(".java", ".md", ".yml", ".yaml", ".json", ".js", ".html",
            ".css", ".sh", ".properties", ".xml", ".txt", ".conf", ".toml", ".sql", ".py");

    @Test
    void noTextFileOfTheRepositoryHoldsAWholeToken() throws IOException {
        Path root = repositoryRoot();
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> !skipped(root, f)).filter(NoTokenLiteralsTest::isText)::iterator) {
                read++;
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (CharacterCodingException e) {
                    continue; // not text after all
                }
                Matcher m = WHOLE_TOKEN.matcher(text);
                while (m.find()) {
                    long line = text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    found.add(root.relativize(file) + ":" + line);
                }
            }
        }
        assertTrue(read > 100, "the walk read the repository (" + read + " files under " + root + ")");
        assertEquals(List.of(), found, "mint tokens in tests instead of writing them down");
    }

    @Test
    void thePatternFindsAWholeTokenOrALongerRunButNotAShorterOne() {
        String body = "A".repeat(49);
        assertTrue(WHOLE_TOKEN.matcher("x = \"lk" + "p_" + body + "\";").find());
        assertTrue(WHOLE_TOKEN.matcher("lk" + "s_" + body + "Bcd12").find());
        assertTrue(!WHOLE_TOKEN.matcher("lk" + "w_" + body.substring(1)).find());
        assertTrue(!WHOLE_TOKEN.matcher("lk" + "p_…" + body.substring(1)).find());
    }

    private static boolean skipped(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String name = file.getFileName().toString();
        return TEXT_ENDINGS.stream().anyMatch(name::endsWith) || name.equals("run") || name.equals("latchkey");
    }

    /** The folder holding the root pom.xml, found upwards from the app module the tests run in. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("modules")))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no repository root above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
