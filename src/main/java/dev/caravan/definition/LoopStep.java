package dev.caravan.definition;

import java.util.List;

/**
 * Runs nested steps again while an expression holds, at most {@code maxIterations} times. The
 * expression is checked before each iteration; {@code iteration} (0-based) is in scope.
 */
public record LoopStep(
        String id, StepControl control, String whileExpression, int maxIterations, List<StepDefinition> steps,
        SourcePosition position) implements StepDefinition {

    public LoopStep {
        steps = List.copyOf(steps);
    }
}
