package dev.latchkey.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of {@code decisions/*.yaml} through the engine and checks the matrix is complete. */
class DecisionMatrixTest {

    private final AuthorizationEngine engine = new AuthorizationEngine();

    @TestFactory
    Stream<DynamicNode> everyDecisionInTheMatrixIsWhatTheEngineAnswers() {
        return DecisionMatrix.files().stream().map(this::fileContainer);
    }

    @Test
    void everyRoleIsCheckedAgainstEveryPermission() {
        Map<String, Set<Permission>> covered = new TreeMap<>();
        for (Path file : DecisionMatrix.files()) {
            for (DecisionMatrix.Case c : DecisionMatrix.load(file)) {
                if (c.covers() != null) {
                    covered.computeIfAbsent(c.covers(), k -> EnumSet.noneOf(Permission.class)).add(c.permission());
                }
            }
        }
        List<String> required = new ArrayList<>();
        for (ProjectRole role : ProjectRole.values()) {
            required.add("project-role " + role);
        }
        for (WorkspaceRole role : WorkspaceRole.values()) {
            required.add("workspace-role " + role + " on workspace");
            required.add("workspace-role " + role + " on project");
        }
        Map<String, List<String>> gaps = new LinkedHashMap<>();
        for (String row : required) {
            Set<Permission> missing = EnumSet.allOf(Permission.class);
            missing.removeAll(covered.getOrDefault(row, Set.of()));
            if (!missing.isEmpty()) {
                gaps.put(row, missing.stream().map(Permission::key).toList());
            }
        }
        assertTrue(gaps.isEmpty(), () -> "the decision matrix misses role x permission pairs: " + gaps);
        assertTrue(required.containsAll(covered.keySet()),
                () -> "unknown coverage rows: " + covered.keySet().stream()
                        .filter(k -> !required.contains(k)).collect(Collectors.toList()));
    }

    private DynamicContainer fileContainer(Path file) {
        Map<String, List<DecisionMatrix.Case>> byCheck = new LinkedHashMap<>();
        for (DecisionMatrix.Case c : DecisionMatrix.load(file)) {
            byCheck.computeIfAbsent(c.principalName() + " on " + c.resourceText(), k -> new ArrayList<>()).add(c);
        }
        return DynamicContainer.dynamicContainer(file.getFileName().toString(),
                byCheck.entrySet().stream().map(entry -> DynamicContainer.dynamicContainer(entry.getKey(),
                        entry.getValue().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> verify(c))))));
    }

    private void verify(DecisionMatrix.Case c) {
        Decision decision = engine.check(new CheckRequest(c.principal(), c.permission(), c.resource()));
        String context = c.file() + ": " + c.principalName() + " asks " + c.permission().key() + " on " + c.resourceText()
                + "\n" + String.join("\n", engine.explain(new CheckRequest(c.principal(), c.permission(), c.resource())).trace());
        assertEquals(c.expected(), decision.reason(), context);
        assertEquals(c.expected() == Reason.ALLOWED, decision.allowed(), context);
    }
}
