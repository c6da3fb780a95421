package dev.latchkey.authz;

import java.util.List;
import java.util.Objects;

/** A decision together with the steps that led to it, for humans debugging access. */
public record Explanation(Decision decision, List<String> trace) {

    public Explanation {
        Objects.requireNonNull(decision, "decision");
        trace = List.copyOf(trace);
    }
}
