package dev.caravan.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Walks the steps of a workflow, nested lists included, in the order they were written. */
final class StepTree {

    private StepTree() {
    }

    /** The step lists directly inside {@code step}: then and else, a foreach's or a loop's steps. */
    static List<List<StepDefinition>> nestedLists(StepDefinition step) {
        return switch (step) {
            case AgentStep agent -> List.of();
            case BranchStep branch -> List.of(branch.thenSteps(), branch.elseSteps());
            case ForeachStep foreach -> List.of(foreach.steps());
            case LoopStep loop -> List.of(loop.steps());
            case WaitStep wait -> List.of();
        };
    }

    /** Every step list of the workflow, the top-level one first, in the order they were written. */
    static List<List<StepDefinition>> allLists(List<StepDefinition> topLevel) {
        List<List<StepDefinition>> lists = new ArrayList<>();
        collectLists(topLevel, lists);
        return lists;
    }

    private static void collectLists(List<StepDefinition> steps, List<List<StepDefinition>> lists) {
        lists.add(steps);
        for (StepDefinition step : steps) {
            for (List<StepDefinition> nested : nestedLists(step)) {
                collectLists(nested, lists);
            }
        }
    }

    /** Visits every step, each before the steps nested in it. */
    static void forEachStep(List<StepDefinition> steps, Consumer<StepDefinition> visitor) {
        for (StepDefinition step : steps) {
            visitor.accept(step);
            for (List<StepDefinition> nested : nestedLists(step)) {
                forEachStep(nested, visitor);
            }
        }
    }
}
