package dev.latchkey.app.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of one or more documents as one bash script, exactly as printed except for the
 * server's address ({@code http://localhost:8080} becomes the test server's) and the expectation
 * comments, which become calls of {@code __expect}. A bash function {@code curl} wraps the real
 * one so that the reader's command prints what it always prints, while the status, the body and
 * the script line of every call are recorded in {@code calls} under the work directory. A function
 * {@code latchkey} does the same for the command line (bin/latchkey), recording its exit code.
 */
final class DocScript {
    static final String DOC_BASE = "http://localhost:8080";
    private static final Pattern OWN_LINE = Pattern.compile("^\\s*# ->\\s?(.*)$");
    private static final Pattern CONTINUED = Pattern.compile("^\\s*#\\s{2,}(\\S.*)$");
    private static final Pattern INLINE = Pattern.compile("^(\\s*[^#\\s].*?)\\s+# ->\\s?(.*)$");

    /** Where a line of the script came from. */
    record Origin(DocBlock block, int docLine) {
    }

    private final List<String> script = new ArrayList<>();
    private final List<Origin> origins = new ArrayList<>();

    DocScript(Path work, String base) {
        String w = "'" + work + "'";
        add(null, 0, "cd " + w);
        add(null, 0, "__w=" + w + "; : > \"$__w/calls\"; : > \"$__w/expects\"");
        add(null, 0, "curl() { local i=$(( $(wc -l < \"$__w/calls\") + 1 )) st rc; "
                + "st=$(command curl -s -o \"$__w/body.$i\" -w '%{http_code}' \"$@\"); rc=$?; "
                + "echo \"$i $st $rc ${BASH_LINENO[0]}\" >> \"$__w/calls\"; cat \"$__w/body.$i\"; return $rc; }");
        // the command line likewise: its exit code is recorded ("cli" in the status column), stdout kept
        add(null, 0, "latchkey() { local i=$(( $(wc -l < \"$__w/calls\") + 1 )) rc; "
                + "command latchkey \"$@\" > \"$__w/body.$i\"; rc=$?; "
                + "echo \"$i cli $rc ${BASH_LINENO[0]}\" >> \"$__w/calls\"; cat \"$__w/body.$i\"; return $rc; }");
        add(null, 0, "__expect() { echo \"$(wc -l < \"$__w/calls\") ${BASH_LINENO[0]} $1\" >> \"$__w/expects\"; }");
        this.base = base;
    }

    private final String base;

    void append(DocBlock block) {
        List<String> lines = block.lines();
        for (int i = 0; i < lines.size(); i++) {
            int docLine = block.firstLine() + i;
            String line = lines.get(i).replace(DOC_BASE, base);
            Matcher own = OWN_LINE.matcher(line);
            Matcher inline = INLINE.matcher(line);
            if (own.matches()) {
                StringBuilder text = new StringBuilder(own.group(1));
                while (i + 1 < lines.size() && CONTINUED.matcher(lines.get(i + 1)).matches()
                        && !OWN_LINE.matcher(lines.get(i + 1)).matches()) {
                    Matcher more = CONTINUED.matcher(lines.get(++i));
                    more.matches();
                    text.append(' ').append(more.group(1));
                }
                add(block, docLine, expect(text.toString()));
            } else if (inline.matches() && !line.trim().startsWith("#")) {
                add(block, docLine, inline.group(1));
                add(block, docLine, expect(inline.group(2)));
            } else {
                add(block, docLine, line);
            }
        }
    }

    private static String expect(String text) {
        return "__expect " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void add(DocBlock block, int docLine, String line) {
        script.add(line);
        origins.add(new Origin(block, docLine));
    }

    String text() {
        return String.join("\n", script) + "\n";
    }

    /** The origin of a 1-based script line. */
    Origin origin(int scriptLine) {
        return scriptLine >= 1 && scriptLine <= origins.size() ? origins.get(scriptLine - 1) : new Origin(null, 0);
    }
}
