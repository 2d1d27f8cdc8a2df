package dev.caravan.definition;

import java.util.List;

/**
 * A step without an agent that chooses between two nested step lists by its condition
 * ({@code control().condition()}, required for this kind).
 */
public record BranchStep(
        String id, StepControl control, List<StepDefinition> thenSteps, List<StepDefinition> elseSteps,
        SourcePosition position) implements StepDefinition {

    public BranchStep {
        thenSteps = List.copyOf(thenSteps);
        elseSteps = elseSteps == null ? List.of() : List.copyOf(elseSteps);
    }
}
