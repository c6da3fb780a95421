package dev.latchkey.app.docs;

import io.micronaut.serde.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a document says a command answers, written beside it as {@code # -> 201 {"id":"…","slug":"acme",…}}:
 * an optional status (absent: any 2xx), then a sketch of the body. Every {@code "key":} in the
 * sketch must be a key somewhere in the JSON answer, and a key shown with a plain value
 * ({@code "slug":"acme"}, {@code true}, a number) must have that value; {@code …} stands for
 * whatever the server chose and is not compared. Words after the status are prose for the reader.
 */
record Expectation(Integer status, Set<String> keys, Map<String, String> values) {
    private static final ObjectMapper JSON = ObjectMapper.getDefault();
    private static final Pattern STATUS = Pattern.compile("^\\s*([1-5]\\d\\d)\\b");
    private static final Pattern KEY = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_-]*)\"\\s*:");
    private static final Pattern LITERAL = Pattern.compile(
            "\"([A-Za-z_][A-Za-z0-9_-]*)\"\\s*:\\s*(\"(?:[^\"\\\\…<]|\\\\.)*\"|true|false|-?\\d+)\\s*(?=[,}\\]])");

    private static final Pattern EXIT = Pattern.compile("^\\s*exit\\s+(\\d+)\\b(.*)$", Pattern.DOTALL);

    /**
     * For a {@code latchkey} command: {@code # -> exit 1} states its exit code (absent: 0), and a
     * sketch after it, as for curl, the JSON it prints ({@code --output json}).
     */
    static List<String> exitProblems(String text, int actualExit, String stdout) {
        Matcher exit = EXIT.matcher(text);
        boolean stated = exit.matches();
        int expected = stated ? Integer.parseInt(exit.group(1)) : 0;
        List<String> problems = new ArrayList<>();
        if (actualExit != expected) {
            problems.add("latchkey exited " + actualExit + ", expected " + expected);
        }
        Expectation sketch = parse(stated ? exit.group(2) : text);
        problems.addAll(new Expectation(null, sketch.keys(), sketch.values()).problems(200, stdout));
        return problems;
    }

    static Expectation parse(String text) {
        Matcher status = STATUS.matcher(text);
        Set<String> keys = new LinkedHashSet<>();
        Matcher key = KEY.matcher(text);
        while (key.find()) {
            keys.add(key.group(1));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Matcher literal = LITERAL.matcher(text);
        while (literal.find()) {
            values.put(literal.group(1), literal.group(2));
        }
        return new Expectation(status.find() ? Integer.valueOf(status.group(1)) : null, keys, values);
    }

    /** The problems of an answer against this expectation; empty when it matches. */
    List<String> problems(int actualStatus, String body) {
        List<String> problems = new ArrayList<>();
        if (status != null ? actualStatus != status : actualStatus / 100 != 2) {
            problems.add("status " + actualStatus + ", expected " + (status != null ? status : "2xx"));
        }
        if (keys.isEmpty()) {
            return problems;
        }
        Object json;
        try {
            json = JSON.readValue(withoutHeaders(body), Object.class);
        } catch (Exception e) {
            problems.add("the answer is no JSON, expected keys " + keys);
            return problems;
        }
        for (String k : keys) {
            List<Object> found = new ArrayList<>();
            collect(json, k, found);
            if (found.isEmpty()) {
                problems.add("no key \"" + k + "\"");
            } else if (values.containsKey(k)) {
                Object wanted = readLiteral(values.get(k));
                if (found.stream().noneMatch(v -> same(v, wanted))) {
                    problems.add("\"" + k + "\" is " + show(found.get(0)) + ", expected " + show(wanted));
                }
            }
        }
        return problems;
    }

    /** The values of every member named {@code key}, at any depth. */
    private static void collect(Object json, String key, List<Object> found) {
        if (json instanceof Map<?, ?> map) {
            if (map.containsKey(key)) {
                found.add(map.get(key));
            }
            map.values().forEach(v -> collect(v, key, found));
        } else if (json instanceof Collection<?> list) {
            list.forEach(v -> collect(v, key, found));
        }
    }

    private static String show(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static boolean same(Object actual, Object wanted) {
        return actual instanceof Number && wanted instanceof Number
                ? actual.toString().equals(wanted.toString()) : wanted.equals(actual);
    }

    private static Object readLiteral(String literal) {
        try {
            return JSON.readValue(literal, Object.class);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable value in a doc expectation: " + literal, e);
        }
    }

    /** {@code curl -i} puts the status line and headers before the body. */
    static String withoutHeaders(String body) {
        if (!body.startsWith("HTTP/")) {
            return body;
        }
        int end = body.indexOf("\r\n\r\n");
        return end < 0 ? "" : body.substring(end + 4);
    }
}
