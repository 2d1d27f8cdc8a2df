package dev.caravan.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code depends_on}: every id names a step of the same list, and no steps wait for each
 * other in a circle. A step without {@code depends_on} waits for the step before it, so that wait
 * counts in cycles too.
 */
final class DependencyChecker {

    private final SourceMap positions;
    private final Problems problems;
    private final Set<String> unboundIds;
    private final Set<String> allStepIds = new HashSet<>();
    private final Map<String, String> parallelOwners = new HashMap<>();

    DependencyChecker(SourceMap positions, Problems problems, Set<String> unboundIds) {
        this.positions = positions;
        this.problems = problems;
        this.unboundIds = unboundIds;
    }

    void check(List<StepDefinition> steps) {
        StepTree.forEachStep(steps, step -> {
            allStepIds.add(step.id());
            if (step instanceof AgentStep agent) {
                agent.parallel().forEach(call -> parallelOwners.put(call.id(), step.id()));
            }
        });
        for (List<StepDefinition> list : StepTree.allLists(steps)) {
            checkList(list);
        }
    }

    private void checkList(List<StepDefinition> list) {
        Map<String, Integer> indexes = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            indexes.putIfAbsent(list.get(i).id(), i);
        }
        List<Set<Integer>> waitsFor = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            StepDefinition step = list.get(i);
            Set<Integer> targets = new HashSet<>();
            List<String> dependsOn = step.control().dependsOn();
            if (dependsOn == null && i > 0) {
                targets.add(i - 1);
            }
            String path = SourceMap.child(step.position().path(), "depends_on");
            for (int j = 0; dependsOn != null && j < dependsOn.size(); j++) {
                String target = dependsOn.get(j);
                if (indexes.containsKey(target)) {
                    targets.add(indexes.get(target));
                } else if (!unboundIds.contains(target)) {
                    problems.add(positions.valueAt(SourceMap.item(path, j)), notInList(target, indexes.keySet()));
                }
            }
            waitsFor.add(targets);
        }
        for (List<Integer> cycle : new CycleFinder(waitsFor, list).cycles()) {
            StepDefinition first = list.get(cycle.getFirst());
            List<String> ids = cycle.stream().map(index -> list.get(index).id()).toList();
            problems.add(positions.valueAt(SourceMap.child(first.position().path(), "depends_on")),
                    "dependency cycle: " + String.join(" -> ", ids) + " -> " + first.id());
        }
    }

    private String notInList(String target, Set<String> idsOfList) {
        String owner = parallelOwners.get(target);
        if (owner != null && idsOfList.contains(owner)) {
            return "'" + target + "' is a parallel call of step '" + owner + "'; depend on '" + owner + "'";
        }
        if (allStepIds.contains(target) || parallelOwners.containsKey(target)) {
            return "step '" + target + "' is in another step list; depends_on names steps of its own list only";
        }
        return "unknown step '" + target + "' in depends_on" + Suggestions.didYouMean(target, idsOfList);
    }
}
