package dev.caravan.compile;

import dev.caravan.definition.AgentStep;
import dev.caravan.definition.BranchStep;
import dev.caravan.definition.ForeachStep;
import dev.caravan.definition.LoopStep;
import dev.caravan.definition.WaitStep;
import dev.caravan.definition.StepDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the translator of each step kind, wraps conditional steps in a choice, and lays out a
 * step list by its dependencies: series as a sequence, independent groups as a multicast.
 */
final class StepTranslators {

    private final AgentStepTranslator agentSteps = new AgentStepTranslator();
    private final BranchStepTranslator branchSteps = new BranchStepTranslator();
    private final ForeachStepTranslator foreachSteps = new ForeachStepTranslator();
    private final LoopStepTranslator loopSteps = new LoopStepTranslator();
    private final WaitStepTranslator waitSteps = new WaitStepTranslator();

    List<Object> translateList(List<StepDefinition> list, Translation translation) {
        if (list.isEmpty()) {
            return List.of();
        }
        return layout(new DependencyGraph(list).shape(), translation);
    }

    private List<Object> layout(DependencyGraph.Shape shape, Translation translation) {
        return switch (shape) {
            case DependencyGraph.Single single -> translate(single.step(), translation);
            case DependencyGraph.Series series -> {
                List<Object> steps = new ArrayList<>();
                series.parts().forEach(part -> steps.addAll(layout(part, translation)));
                yield steps;
            }
            case DependencyGraph.Parallel parallel -> {
                String groupId = firstStepId(parallel) + ".group";
                yield CamelYaml.parallel(translation.node(groupId), groupId, parallel.branches().stream()
                        .map(branch -> new CamelYaml.Branch(firstStepId(branch), layout(branch, translation)))
                        .toList());
            }
            case DependencyGraph.Waiting waiting -> {
                String groupId = waiting.steps().getFirst().id() + ".group";
                yield CamelYaml.parallel(translation.node(groupId), groupId, waiting.steps().stream()
                        .map(step -> new CamelYaml.Branch(step.id(), waitThenRun(step, waiting, translation)))
                        .toList());
            }
        };
    }

    private List<Object> waitThenRun(StepDefinition step, DependencyGraph.Waiting waiting, Translation translation) {
        List<Object> steps = new ArrayList<>();
        List<String> dependencies = waiting.dependencies().get(step.id());
        if (!dependencies.isEmpty()) {
            steps.add(CamelYaml.node("bean", CamelYaml.map(
                    "id", translation.node(step.id()) + ".await",
                    "ref", CamelYaml.STEPS_BEAN,
                    "method", "awaitDependencies(*, '" + step.id() + "', '" + String.join(",", dependencies) + "')")));
        }
        steps.addAll(translate(step, translation));
        return steps;
    }

    /**
     * The first step of a shape: a parallel group is named after its first step (groups have no id
     * of their own), and each of its branches after the branch's first step.
     */
    private static String firstStepId(DependencyGraph.Shape shape) {
        return switch (shape) {
            case DependencyGraph.Single single -> single.step().id();
            case DependencyGraph.Series series -> firstStepId(series.parts().getFirst());
            case DependencyGraph.Parallel inner -> firstStepId(inner.branches().getFirst());
            case DependencyGraph.Waiting waiting -> waiting.steps().getFirst().id();
        };
    }

    private List<Object> translate(StepDefinition step, Translation translation) {
        List<Object> steps = switch (step) {
            case AgentStep agent -> agentSteps.translate(agent, translation);
            case BranchStep branch -> branchSteps.translate(branch, translation);
            case ForeachStep foreach -> foreachSteps.translate(foreach, translation);
            case LoopStep loop -> loopSteps.translate(loop, translation);
            case WaitStep wait -> waitSteps.translate(wait, translation);
        };
        if (step.control().continueOnFailure()) {
            steps = tolerateFailure(step, steps, translation);
        }
        String condition = step.control().condition();
        if (condition == null || step instanceof BranchStep) {
            return steps;
        }
        Map<String, Object> skip = CamelYaml.track(translation.node(step.id()) + ".skip", "skip", step.id());
        return List.of(CamelYaml.choice(translation.node(step.id()) + ".condition", condition, steps, List.of(skip)));
    }

    /** {@code continue_on_failure}: the step's failure is recorded on the step, and the route goes on. */
    private static List<Object> tolerateFailure(StepDefinition step, List<Object> steps, Translation translation) {
        String node = translation.node(step.id());
        Map<String, Object> carryOn = CamelYaml.node("log", CamelYaml.map(
                "id", node + ".tolerated",
                "loggingLevel", "INFO",
                "message", "continue_on_failure: ${exception.message}"));
        Map<String, Object> onFailure = CamelYaml.map(
                "exception", List.of(STEP_FAILED),
                "steps", List.of(carryOn));
        return List.of(CamelYaml.node("doTry", CamelYaml.map(
                "id", node + ".try", "steps", steps, "doCatch", List.of(onFailure))));
    }

    /** Thrown by a step whose retries are spent; see the run package. */
    private static final String STEP_FAILED = "dev.caravan.run.StepFailedException";
}
