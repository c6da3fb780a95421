package dev.latchkey.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command prints. The result goes to stdout: in json the server's JSON object (a list is the
 * array of its items, every page fetched), in table aligned columns or "key: value" lines. Notes for
 * people go to stderr and {@code --quiet} silences them, so stdout stays what a script captures.
 */
final class Output {
    /** A column: its heading and the field it shows (a dotted path for a nested one). */
    record Column(String heading, String path) {
    }

    private final Global.Format format;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream err;

    Output(Global.Format format, boolean quiet, PrintStream out, PrintStream err) {
        this.format = format;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
    }

    boolean json() {
        return format == Global.Format.json;
    }

    void note(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    void line(String text) {
        out.println(text);
    }

    void printJson(JsonNode node) {
        try {
            out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One object: its JSON, or one "heading: value" line per column. */
    void record(JsonNode node, List<Column> columns) {
        if (json()) {
            printJson(node);
            return;
        }
        int width = columns.stream().mapToInt(c -> c.heading().length()).max().orElse(0);
        for (Column c : columns) {
            out.println(pad(c.heading() + ":", width + 1) + " " + value(node, c.path()));
        }
    }

    /** Many objects: a JSON array, or a table with a heading line. */
    void table(List<JsonNode> rows, List<Column> columns) {
        if (json()) {
            printJson(Api.JSON.valueToTree(rows));
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::heading).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> value(row, c.path())).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                b.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i]) + "  ");
            }
            out.println(b.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            note("(none)");
        }
    }

    static String value(JsonNode node, String path) {
        JsonNode v = node;
        for (String part : path.split("\\.")) {
            v = v.path(part);
        }
        if (v.isMissingNode() || v.isNull()) {
            return "-";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            // an array of objects (a service token's projects) shows their ids
            v.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.has("id") ? e.get("id").asText() : e.toString()));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
