package dev.latchkey.app.observability;

import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23, "no metric label can grow without bound": 1,000 distinct tokens (unknown, malformed,
 * of every kind), paths, query values, request ids and client addresses leave the number of series
 * where 20 of the same shapes put it, and none of those values appears in the scrape.
 * ({@code jvm_*} series are left out: garbage-collection causes come and go on their own.)
 */
class MetricsCardinalityTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void athousandDistinctTokensAndPathsAddNoSeries() throws Exception {
        try (MetricsNode node = MetricsNode.withManagementPort(Map.of("latchkey.http.trusted-proxies", "127.0.0.1/32"))) {
            String session = node.newUserSession();
            String pat = node.mintPat(session, List.of("user:read"));
            List<String> sent = new ArrayList<>();
            IntConsumer round = i -> {
                String marker = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                sent.add(marker);
                TokenKind kind = TokenKind.values()[i % TokenKind.values().length];
                String unknown = new TokenSecrets(RANDOM).generate(kind);
                Map<String, String> headers = Map.of("X-Request-Id", marker, "X-Forwarded-For", "198.51.100." + (i % 250));
                MetricsNode.send(node.publicPort, "GET", "/api/auth/verify", "Bearer " + unknown, null, headers);
                MetricsNode.send(node.publicPort, "GET", "/api/auth/verify", "Bearer lkp_" + marker, null, headers);
                MetricsNode.send(node.publicPort, "GET", "/api/user/" + marker, "Bearer " + pat, null, headers);
                MetricsNode.send(node.publicPort, "GET", "/" + marker + "/deep/path", null, null, headers);
                MetricsNode.send(node.publicPort, "GET", "/api/workspaces/" + marker, "Bearer " + session, null, headers);
                MetricsNode.send(node.publicPort, "GET", "/api/auth/verify?permission=workspace:read&workspace=" + marker,
                        "Bearer " + pat, null, headers);
                MetricsNode.sendForm(node.publicPort, "/oauth/introspect", "Bearer " + pat, "token=" + unknown);
                // a session client always goes through the route, which the HTTP timer sees (the hot
                // paths' own answers are not in http_server_requests_seconds: docs/operations.md)
                MetricsNode.sendForm(node.publicPort, "/oauth/introspect", "Bearer " + session, "token=" + unknown);
            };
            for (int i = 0; i < 20; i++) {
                round.accept(i);
            }
            node.scrape(); // the scrape's own timing series appear from the second one on
            Set<String> before = series(node.scrape());

            for (int i = 0; i < 1000; i++) {
                round.accept(i);
            }
            String scrape = node.scrape();
            Set<String> after = series(scrape);

            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            assertEquals(before.size(), after.size(), () -> "series added: " + added);
            for (String marker : sent) {
                assertTrue(!scrape.contains(marker), () -> "a request's value became a label: " + marker);
            }
            assertTrue(MetricsNode.sum(scrape, "latchkey_token_checks_total", "reason=\"unknown\"") >= 1020, "the checks were counted");
            // the notification and governance series are there from the start, with their closed label sets only
            for (String series : List.of("latchkey_webhook_deliveries_total{result=\"delivered\"}",
                    "latchkey_webhook_deliveries_total{result=\"retrying\"}", "latchkey_webhook_deliveries_total{result=\"failed\"}",
                    "latchkey_emails_sent_total{outcome=\"smtp\"}", "latchkey_emails_sent_total{outcome=\"log\"}",
                    "latchkey_emails_sent_total{outcome=\"failed\"}", "latchkey_token_approvals_pending",
                    "latchkey_invalidation_journal_lag_seconds")) {
                assertTrue(after.contains(series), () -> series + " is not registered: " + added);
            }
            assertEquals(3, after.stream().filter(s -> s.startsWith("latchkey_webhook_deliveries_total")).count());
            assertEquals(3, after.stream().filter(s -> s.startsWith("latchkey_emails_sent_total")).count());
        }
    }

    private static Set<String> series(String scrape) {
        Set<String> series = new TreeSet<>();
        for (String name : MetricsNode.samples(scrape).keySet()) {
            if (!name.startsWith("jvm_")) {
                series.add(name);
            }
        }
        return series;
    }
}
