package dev.caravan.compile;

import dev.caravan.definition.BranchStep;
import java.util.ArrayList;
import java.util.List;

/** A step with {@code then}/{@code else}: a choice on its condition. */
final class BranchStepTranslator {

    List<Object> translate(BranchStep step, Translation translation) {
        String node = translation.node(step.id());
        List<Object> then = new ArrayList<>();
        then.add(CamelYaml.track(node + ".then", "thenTaken", step.id()));
        then.addAll(translation.steps(step.thenSteps()));
        List<Object> otherwise = new ArrayList<>();
        otherwise.add(CamelYaml.track(node + ".else", "elseTaken", step.id()));
        otherwise.addAll(translation.steps(step.elseSteps()));
        return List.of(CamelYaml.choice(node, step.control().condition(), then, otherwise));
    }
}
