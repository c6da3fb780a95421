package dev.latchkey.app.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a Markdown document: its language, the line its first line of code has
 * in the document, and why it is not run if a {@code <!-- not run: reason -->} comment stands
 * right before it (blank lines between are allowed).
 */
record DocBlock(String doc, int number, int firstLine, String language, String skipReason, List<String> lines) {
    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not run:\\s*(.+?)\\s*-->\\s*$");

    /** Shell blocks are the examples a reader types; every other language is configuration or output. */
    boolean isShell() {
        return language.equals("sh") || language.equals("bash");
    }

    static List<DocBlock> parse(String doc, List<String> text) {
        List<DocBlock> blocks = new ArrayList<>();
        String pendingSkip = null;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            Matcher skip = NOT_RUN.matcher(line.trim());
            Matcher fence = FENCE.matcher(line);
            if (skip.matches()) {
                pendingSkip = skip.group(1);
            } else if (fence.matches()) {
                int end = i + 1;
                while (end < text.size() && !text.get(end).startsWith("```")) {
                    end++;
                }
                blocks.add(new DocBlock(doc, blocks.size() + 1, i + 2, fence.group(1), pendingSkip,
                        List.copyOf(text.subList(i + 1, Math.min(end, text.size())))));
                pendingSkip = null;
                i = end;
            } else if (!line.isBlank()) {
                pendingSkip = null;
            }
        }
        return blocks;
    }
}
