package dev.latchkey.app.dashboard;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Browser tests run only where Debian's chromium and chromedriver are installed ({@code .ci/run}
 * installs them). Elsewhere they are reported as skipped, with the reason, and the reason is also
 * printed, so a run without a browser never passes for one that tested the dashboard.
 * Register it before {@code @MicronautTest} so no application context is started for nothing.
 */
public final class BrowserAvailable implements ExecutionCondition {
    static final String CHROMIUM_PROPERTY = "latchkey.chromium";
    static final String CHROMEDRIVER_PROPERTY = "latchkey.chromedriver";

    static Path chromium() {
        return Path.of(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty(CHROMEDRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        for (Path binary : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(binary)) {
                missing.add(binary.toString());
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver found");
        }
        String reason = "browser tests SKIPPED for " + context.getDisplayName() + ": missing " + String.join(" and ", missing)
                + " (apt-get install -y chromium chromium-driver)";
        System.out.println("[latchkey-tests] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
