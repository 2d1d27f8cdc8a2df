package dev.caravan.definition;

import java.util.List;

/**
 * Runs nested steps once per item of a list expression, with {@code item} and {@code index} in scope.
 *
 * @param items expression that yields a list
 * @param maxParallel how many items run at once; 1 runs them in order
 */
public record ForeachStep(
        String id, StepControl control, String items, int maxParallel, List<StepDefinition> steps,
        SourcePosition position) implements StepDefinition {

    public ForeachStep {
        steps = List.copyOf(steps);
    }
}
