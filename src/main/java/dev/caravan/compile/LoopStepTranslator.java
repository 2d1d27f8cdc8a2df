package dev.caravan.compile;

import dev.caravan.definition.LoopStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop: Camel's loop in while mode. The body runs once, then again while the user's condition
 * holds (so the condition can read what the body produced), at most {@code max_iterations} times.
 * The cap is part of the predicate, so the route shows both the condition and the bound.
 */
final class LoopStepTranslator {

    List<Object> translate(LoopStep step, Translation translation) {
        String node = translation.node(step.id());
        List<Object> body = new ArrayList<>(translation.steps(step.steps()));
        body.add(CamelYaml.iterate(node + ".next", "nextIteration", step.id()));
        String predicate = "iteration == 0 || (iteration < " + step.maxIterations() + " && ("
                + step.whileExpression() + "))";
        return List.of(
                CamelYaml.iterate(node + ".start", "loopStarted", step.id()),
                CamelYaml.node("loop", CamelYaml.map(
                        "id", node,
                        "doWhile", true,
                        "expression", CamelYaml.caravan(predicate),
                        "steps", body)),
                CamelYaml.iterate(node + ".done", "loopFinished", step.id()));
    }
}
