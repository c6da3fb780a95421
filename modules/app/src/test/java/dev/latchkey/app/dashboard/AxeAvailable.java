package dev.latchkey.app.dashboard;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The accessibility test injects axe-core (npm {@code axe-core}), which {@code .ci/run} installs
 * into {@code ~/.cache/latchkey/axe} when it is missing (or {@code -Dlatchkey.axe=<axe.min.js>}).
 * Without it the test is reported as skipped with the reason, and the reason is printed, so a run
 * without axe never passes for one that checked the pages.
 */
public final class AxeAvailable implements ExecutionCondition {
    static final String PROPERTY = "latchkey.axe";

    static Path script() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("latchkey/axe/node_modules/axe-core/axe.min.js");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Path axe = script();
        if (Files.isReadable(axe)) {
            return ConditionEvaluationResult.enabled("axe-core found at " + axe);
        }
        String reason = "accessibility test SKIPPED for " + context.getDisplayName() + ": missing " + axe
                + " (npm install --prefix ~/.cache/latchkey/axe axe-core, as .ci/run does)";
        System.out.println("[latchkey-tests] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
