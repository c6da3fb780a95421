package dev.latchkey.app.observability;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/grafana/latchkey.json as the tests read it: its panels and their PromQL. */
final class Dashboard {
    static final Path FILE = Path.of("../../deploy/grafana/latchkey.json");
    /** An identifier that is not a function call (those are followed by a parenthesis). */
    private static final Pattern NAME = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\\s*\\(|[a-zA-Z0-9_:])");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "bool", "offset");

    record Target(String panel, String expr, String legend) {
        /** The expression as Prometheus itself takes it: Grafana's range variable made concrete. */
        String forPrometheus(String range) {
            return expr.replace("$__rate_interval", range);
        }

        Set<String> metricNames() {
            Set<String> names = new TreeSet<>();
            // strings, label matchers, ranges and grouping clauses hold no metric name
            String bare = expr.replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "")
                    .replaceAll("\\[[^\\]]*]", "").replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
            Matcher m = NAME.matcher(bare);
            while (m.find()) {
                if (!KEYWORDS.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
            return names;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Target> targets(JsonMapper json) throws IOException {
        Map<String, Object> dashboard = json.readValue(Files.readString(FILE), Map.class);
        List<Target> targets = new ArrayList<>();
        for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
                targets.add(new Target((String) panel.get("title"), (String) target.get("expr"),
                        (String) target.get("legendFormat")));
            }
        }
        return targets;
    }

    private Dashboard() {
    }
}
