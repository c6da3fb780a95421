package dev.latchkey.app.observability;

import dev.latchkey.app.integrations.ProxyBinaries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23: Debian's promtool accepts deploy/prometheus (the sample configuration with its rule
 * file, and the alert rules), and the rules' unit tests (alerts.test.yml) pass: each alert fires on
 * the series a node exports and not on a healthy node.
 */
@ProxyBinaries.Needs(value = "/usr/bin/promtool", packages = "prometheus")
class PromtoolTest {
    private static final Path DIR = Path.of("../../deploy/prometheus");

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + ":\n" + output);
        return output;
    }

    @Test
    void theSampleConfigurationIsValid() throws Exception {
        String out = promtool("check", "config", "prometheus.yml");
        assertTrue(out.contains("SUCCESS: 1 rule files found"), out);
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        String out = promtool("check", "rules", "alerts.yml");
        assertTrue(out.contains("SUCCESS: 6 rules found"), out);
        for (String alert : List.of("LatchkeyRefusalRateSpike", "LatchkeyDatabaseDown", "LatchkeyLastUseFlushLag",
                "LatchkeyInvalidationJournalLag", "LatchkeyWebhookFailures")) {
            assertTrue(java.nio.file.Files.readString(DIR.resolve("alerts.yml")).contains("alert: " + alert), alert);
        }
    }

    @Test
    void theAlertsFireWhenTheyShouldAndNotOtherwise() throws Exception {
        String out = promtool("test", "rules", "alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }
}
