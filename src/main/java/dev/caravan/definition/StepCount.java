package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps of a workflow's tree, counted before the tree is checked: a workflow over the step
 * limit is refused without the cost of checking, binding and compiling every one of its steps.
 * The tree may not have the right shape yet; only lists where steps belong are counted.
 */
final class StepCount {

    private StepCount() {
    }

    /** The steps of every list (steps, then, else, a foreach's and a loop's), and the parallel calls. */
    static int of(JsonNode root) {
        int count = 0;
        // a stack of its own: nesting is as deep as the file makes it
        Deque<JsonNode> lists = new ArrayDeque<>();
        lists.push(root.path("steps"));
        while (!lists.isEmpty()) {
            JsonNode list = lists.pop();
            if (!list.isArray()) {
                continue;
            }
            for (JsonNode step : list) {
                count++;
                count += step.path("parallel").isArray() ? step.path("parallel").size() : 0;
                lists.push(step.path("then"));
                lists.push(step.path("else"));
                lists.push(step.path("steps"));
                lists.push(step.path("loop").path("steps"));
            }
        }
        return count;
    }
}
