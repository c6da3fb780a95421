package dev.latchkey.app.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a few panels of deploy/grafana/latchkey.json as plain SVG from Prometheus range queries,
 * for the picture in docs/operations.md; Grafana itself is not packaged here, so the picture shows
 * the dashboard's queries and legends on real data, not Grafana's styling.
 */
final class DashboardPicture {
    private static final String[] COLOURS = {"#73bf69", "#f2495c", "#5794f2", "#ff9830", "#b877d9", "#fade2a", "#8ab8ff",
            "#ca95e5", "#96d98d", "#ffb357", "#8f3bb8", "#c4162a"};
    private static final Pattern LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final int W = 520;
    private static final int H = 170;

    record Series(String name, List<double[]> points) {
    }

    record Chart(String title, List<Series> series) {
    }

    @SuppressWarnings("unchecked")
    static Chart chart(Dashboard.Target target, Map<String, Object> data) {
        List<Series> series = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) data.get("result")) {
            Map<String, String> labels = (Map<String, String>) s.get("metric");
            Matcher m = LABEL.matcher(target.legend() == null ? "" : target.legend());
            StringBuilder name = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(name, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
            }
            m.appendTail(name);
            List<double[]> points = new ArrayList<>();
            for (List<Object> v : (List<List<Object>>) s.get("values")) {
                double y = Double.parseDouble((String) v.get(1));
                if (!Double.isNaN(y) && !Double.isInfinite(y)) {
                    points.add(new double[] {((Number) v.get(0)).doubleValue(), y});
                }
            }
            if (!points.isEmpty()) {
                series.add(new Series(name.toString(), points));
            }
        }
        return new Chart(target.panel(), series);
    }

    /** Every panel, in the dashboard's order; charts of the same panel (several queries) are drawn together. */
    static String html(List<Chart> charts) {
        StringBuilder out = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><style>
                body{margin:0;background:#111217;color:#ccccdc;font:13px sans-serif}
                h1{font-size:16px;margin:10px 14px} .grid{display:grid;grid-template-columns:repeat(3,540px);gap:10px;padding:0 10px}
                .panel{background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px}
                .panel h2{font-size:13px;margin:2px 4px 4px} .legend{display:flex;flex-wrap:wrap} .legend span{margin-right:12px;white-space:nowrap}
                </style></head><body><h1>Latchkey — deploy/grafana/latchkey.json, drawn from a test's Prometheus</h1><div class="grid">
                """);
        for (String panel : new LinkedHashSet<>(charts.stream().map(Chart::title).toList())) {
            List<Series> series = new ArrayList<>();
            charts.stream().filter(c -> c.title().equals(panel)).forEach(c -> series.addAll(c.series()));
            out.append("<div class=\"panel\"><h2>").append(escape(panel)).append("</h2>").append(svg(series)).append("<div class=\"legend\">");
            for (int i = 0; i < series.size(); i++) {
                out.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">&#9644; ")
                        .append(escape(series.get(i).name())).append("</span>");
            }
            out.append("</div></div>");
        }
        return out.append("</div></body></html>").toString();
    }

    private static String svg(List<Series> series) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = maxY == 0 ? 1 : maxY * 1.1;
        StringBuilder svg = new StringBuilder("<svg width=\"" + W + "\" height=\"" + H + "\">");
        for (int i = 0; i <= 4; i++) {
            double y = 10 + (H - 30) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"50\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#2c3235\"/>", y, W, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" fill=\"#8e8e8e\" font-size=\"11\">%s</text>",
                    y + 4, number(maxY * (4 - i) / 4.0)));
        }
        if (series.isEmpty()) {
            return svg.append("<text x=\"260\" y=\"120\" fill=\"#8e8e8e\">No data</text></svg>").toString();
        }
        double spanX = Math.max(1, maxX - minX);
        for (int i = 0; i < series.size(); i++) {
            StringBuilder points = new StringBuilder();
            for (double[] p : series.get(i).points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 50 + (W - 60) * (p[0] - minX) / spanX,
                        10 + (H - 30) * (1 - p[1] / maxY)));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[i % COLOURS.length])
                    .append("\" points=\"").append(points).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private DashboardPicture() {
    }
}
