package dev.caravan.compile;

import dev.caravan.definition.ForeachStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A foreach: a split over the items expression. With {@code max_parallel} above one the items run
 * on virtual threads, each taking one of the step's permits for its whole body, so no more than
 * {@code max_parallel} run at once within a run.
 */
final class ForeachStepTranslator {

    List<Object> translate(ForeachStep step, Translation translation) {
        String node = translation.node(step.id());
        boolean parallel = step.maxParallel() > 1;
        List<Object> body = new ArrayList<>();
        body.add(CamelYaml.iterate(node + ".item", "enterItem", step.id()));
        List<Object> nested = translation.steps(step.steps());
        if (parallel) {
            body.add(CamelYaml.node("doTry", CamelYaml.map(
                    "id", node + ".body",
                    "steps", nested,
                    "doFinally", CamelYaml.map("steps", List.of(
                            CamelYaml.iterate(node + ".release", "leaveItem", step.id()))))));
        } else {
            body.addAll(nested);
        }
        Map<String, Object> split = CamelYaml.map(
                "id", node,
                "expression", CamelYaml.caravan(step.items()),
                "parallelProcessing", parallel ? true : null,
                "executorService", parallel ? CamelYaml.VIRTUAL_THREADS : null,
                "stopOnException", true,
                "aggregationStrategy", CamelYaml.JOIN_STRATEGY,
                "steps", body);
        return List.of(
                CamelYaml.iterate(node + ".start", "foreachStarted", step.id()),
                CamelYaml.node("split", split),
                CamelYaml.iterate(node + ".done", "foreachFinished", step.id()));
    }
}
