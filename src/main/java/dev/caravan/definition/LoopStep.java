package dev.caravan.definition;

import java.util.List;

/**
 * Runs nested steps, then again while an expression holds, at most {@code maxIterations} times.
 * The expression is checked after each iteration, so it can read what the iteration produced;
 * {@code iteration} (the number of iterations done so far) is in scope.
 */
public record LoopStep(
        String id, StepControl control, String whileExpression, int maxIterations, List<StepDefinition> steps,
        SourcePosition position) implements StepDefinition {

    public LoopStep {
        steps = List.copyOf(steps);
    }
}
