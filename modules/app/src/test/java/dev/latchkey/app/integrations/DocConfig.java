package dev.latchkey.app.integrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration printed in {@code docs/integrations.md}, marked {@code <!-- test-config: name -->}
 * before its fenced block: the proxy tests run exactly that, with the doc's addresses, ports and
 * paths substituted, so the doc cannot drift from what is tested. A substitution whose text is no
 * longer in the doc fails the test rather than silently testing something else.
 */
final class DocConfig {
    private final String text;

    private DocConfig(String text) {
        this.text = text;
    }

    static DocConfig read(String name) {
        String doc = readDoc();
        String marker = "<!-- test-config: " + name + " -->";
        int at = doc.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("docs/integrations.md has no " + marker);
        }
        int open = doc.indexOf("```", at);
        int bodyStart = doc.indexOf('\n', open) + 1;
        int close = doc.indexOf("\n```", bodyStart);
        return new DocConfig(doc.substring(bodyStart, close + 1));
    }

    /** Replaces each key (which must occur) by its value, in order. */
    DocConfig with(Map<String, String> substitutions) {
        String result = text;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            if (!result.contains(s.getKey())) {
                throw new AssertionError("the documented config no longer contains '" + s.getKey() + "'");
            }
            result = result.replace(s.getKey(), s.getValue());
        }
        return new DocConfig(result);
    }

    static Map<String, String> substitutions(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    String text() {
        return text;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readDoc() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path doc = dir.resolve("docs/integrations.md");
            if (Files.isRegularFile(doc)) {
                try {
                    return Files.readString(doc);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            dir = dir.getParent();
        }
        throw new AssertionError("docs/integrations.md not found above " + System.getProperty("user.dir"));
    }
}
