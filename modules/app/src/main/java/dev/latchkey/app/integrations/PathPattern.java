package dev.latchkey.app.integrations;

import dev.latchkey.directory.common.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The path of an access rule: segments separated by {@code /}, each a literal, {@code *} (one
 * segment), {@code **} (any number of segments, none included) or {@code {project}} (one segment,
 * captured as a project key or id; at most once). Literals match exactly, case-sensitively.
 *
 * <p>A request path is matched only in its canonical form: a path with {@code .} or {@code ..}
 * segments, empty segments ({@code //}), an encoded {@code /} or {@code \}, or a bad escape matches
 * no rule, so it is denied. The upstream might read such a path as another one than the rule saw.
 */
record PathPattern(String text, List<String> segments) {
    static final String PROJECT = "{project}";
    static final int MAX_LENGTH = 500;
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()+,;=:@-]+");

    /** What a matching request path gave: the captured project, if the pattern has one. */
    record Match(@Nullable String project) {
    }

    /** Parses a rule's path, or a 400 naming {@code path}. */
    static PathPattern parse(@Nullable String text) {
        if (text == null || !text.startsWith("/") || text.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("path", "path must start with / and have at most " + MAX_LENGTH + " characters");
        }
        List<String> segments = split(text);
        int projects = 0;
        for (String segment : segments) {
            if (segment.equals(PROJECT)) {
                projects++;
            } else if (!segment.equals("*") && !segment.equals("**")
                    && (!LITERAL.matcher(segment).matches() || segment.equals(".") || segment.equals(".."))) {
                throw ProblemException.badRequest("path", "path segment '" + segment
                        + "' is not a literal, *, ** or {project}");
            }
        }
        if (projects > 1) {
            throw ProblemException.badRequest("path", "path may capture {project} only once");
        }
        return new PathPattern(text, segments);
    }

    boolean capturesProject() {
        return segments.contains(PROJECT);
    }

    /** The request path (no query) in canonical segments, or empty when it is not canonical. */
    static Optional<List<String>> requestSegments(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        List<String> decoded = new ArrayList<>();
        List<String> raw = split(path);
        for (int i = 0; i < raw.size(); i++) {
            String segment = raw.get(i);
            if (segment.isEmpty() && i == raw.size() - 1 && i > 0) {
                break; // one trailing slash: /a/b/ is /a/b
            }
            String value;
            try {
                value = segment.indexOf('%') < 0 ? segment : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (value.isEmpty() || value.equals(".") || value.equals("..") || value.indexOf('/') >= 0
                    || value.indexOf('\\') >= 0) {
                return Optional.empty();
            }
            decoded.add(value);
        }
        return Optional.of(decoded);
    }

    Optional<Match> match(List<String> path) {
        String[] captured = new String[1];
        return matches(0, path, 0, captured) ? Optional.of(new Match(captured[0])) : Optional.empty();
    }

    private boolean matches(int p, List<String> path, int s, String[] captured) {
        if (p == segments.size()) {
            return s == path.size();
        }
        String segment = segments.get(p);
        if (segment.equals("**")) {
            for (int next = s; next <= path.size(); next++) {
                if (matches(p + 1, path, next, captured)) {
                    return true;
                }
            }
            return false;
        }
        if (s == path.size()) {
            return false;
        }
        if (segment.equals(PROJECT)) {
            String before = captured[0];
            captured[0] = path.get(s);
            if (matches(p + 1, path, s + 1, captured)) {
                return true;
            }
            captured[0] = before;
            return false;
        }
        return (segment.equals("*") || segment.equals(path.get(s))) && matches(p + 1, path, s + 1, captured);
    }

    /** Higher is more specific: literal segments first, then single-segment wildcards, then fewer {@code **}. */
    int[] specificity() {
        int literals = 0;
        int singles = 0;
        int anyDepth = 0;
        for (String segment : segments) {
            switch (segment) {
                case "**" -> anyDepth++;
                case "*", PROJECT -> singles++;
                default -> literals++;
            }
        }
        return new int[] {literals, singles, -anyDepth};
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        if (parts.size() == 1 && parts.get(0).isEmpty()) {
            return List.of();
        }
        return parts;
    }
}
