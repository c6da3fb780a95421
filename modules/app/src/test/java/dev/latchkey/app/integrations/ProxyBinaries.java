package dev.latchkey.app.integrations;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real-proxy tests run only where Debian's binaries are installed ({@code .ci/run} installs nginx,
 * fcgiwrap, git and caddy). Elsewhere they are reported as skipped, with the reason, which is also
 * printed, so a run without them never passes for one that tested them (proxies, Prometheus). Put the annotation
 * before {@code @MicronautTest} so no application context is started for nothing.
 */
public final class ProxyBinaries implements ExecutionCondition {
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(ProxyBinaries.class)
    public @interface Needs {
        /** Absolute paths of the executables the test runs. */
        String[] value();

        /** The Debian packages that provide them, for the skip notice. */
        String packages();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Needs needs = context.getRequiredTestClass().getAnnotation(Needs.class);
        List<String> missing = new ArrayList<>();
        for (String binary : needs.value()) {
            if (!Files.isExecutable(Path.of(binary))) {
                missing.add(binary);
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("found " + String.join(", ", needs.value()));
        }
        String reason = "tests SKIPPED for " + context.getDisplayName() + ": missing " + String.join(" and ", missing)
                + " (apt-get install -y " + needs.packages() + ")";
        System.out.println("[latchkey-tests] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
