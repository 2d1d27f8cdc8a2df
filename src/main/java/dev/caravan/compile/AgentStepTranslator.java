package dev.caravan.compile;

import dev.caravan.definition.AgentCall;
import dev.caravan.definition.AgentStep;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent step: a send to its step-call route; with parallel branches, a multicast of the step's
 * own call and each branch, joined durably. The step counts as successful when its call and every
 * branch are.
 */
final class AgentStepTranslator {

    List<Object> translate(AgentStep step, Translation translation) {
        String node = translation.node(step.id());
        if (step.parallel().isEmpty()) {
            return List.of(translation.callOf(step.call(), node));
        }
        List<CamelYaml.Branch> branches = new ArrayList<>();
        branches.add(new CamelYaml.Branch(step.id(), List.of(translation.callOf(step.call(), node + ".own"))));
        for (AgentCall branch : step.parallel()) {
            branches.add(new CamelYaml.Branch(branch.id(),
                    List.of(translation.callOf(branch, translation.node(branch.id())))));
        }
        return CamelYaml.parallel(node, step.id(), branches);
    }
}
