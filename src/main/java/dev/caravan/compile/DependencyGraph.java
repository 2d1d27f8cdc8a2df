package dev.caravan.compile;

import dev.caravan.definition.StepDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependencies among the steps of one list, and their decomposition into Camel's shapes: runs
 * in series, groups that run in parallel (a multicast), and, for a graph that is neither, a group
 * whose steps start together and each wait for their own dependencies. Every shape starts a step
 * exactly when its dependencies are done, so the decomposition changes readability, not behaviour.
 */
final class DependencyGraph {

    /** A shape of steps. */
    sealed interface Shape permits Single, Series, Parallel, Waiting {
    }

    record Single(StepDefinition step) implements Shape {
    }

    record Series(List<Shape> parts) implements Shape {
    }

    record Parallel(List<Shape> branches) implements Shape {
    }

    /** Steps that start together; each waits for {@code dependencies} of its own first. */
    record Waiting(List<StepDefinition> steps, Map<String, List<String>> dependencies) implements Shape {
    }

    private final Map<String, StepDefinition> steps = new LinkedHashMap<>();
    private final Map<String, List<String>> dependencies = new HashMap<>();
    private final Map<String, Set<String>> ancestors = new HashMap<>();

    DependencyGraph(List<StepDefinition> list) {
        String previous = null;
        for (StepDefinition step : list) {
            steps.put(step.id(), step);
            List<String> declared = step.control().dependsOn();
            dependencies.put(step.id(), declared != null ? declared : previous == null ? List.of() : List.of(previous));
            previous = step.id();
        }
        steps.keySet().forEach(id -> ancestors.put(id, collectAncestors(id, new HashSet<>())));
    }

    /** The dependencies of a step within this list: declared, or the step before it. */
    List<String> dependenciesOf(String stepId) {
        return dependencies.get(stepId);
    }

    Shape shape() {
        return decompose(topologicalOrder(steps.keySet()));
    }

    private Shape decompose(List<String> group) {
        if (group.size() == 1) {
            return new Single(steps.get(group.getFirst()));
        }
        List<String> cuts = group.stream().filter(candidate -> isCut(candidate, group)).toList();
        if (!cuts.isEmpty()) {
            return series(group, cuts);
        }
        List<List<String>> components = components(group);
        if (components.size() > 1) {
            return new Parallel(components.stream().map(this::decompose).toList());
        }
        Map<String, List<String>> waits = new LinkedHashMap<>();
        group.forEach(id -> waits.put(id, dependencies.get(id).stream().filter(group::contains).toList()));
        return new Waiting(group.stream().map(steps::get).toList(), waits);
    }

    /** Splits a group at its cuts: every step of the group is before or after each cut. */
    private Shape series(List<String> group, List<String> cuts) {
        List<Shape> parts = new ArrayList<>();
        List<String> pending = new ArrayList<>(group);
        for (String cut : cuts) {
            List<String> before = pending.stream().filter(id -> ancestors.get(cut).contains(id)).toList();
            if (!before.isEmpty()) {
                parts.add(decompose(before));
            }
            parts.add(new Single(steps.get(cut)));
            pending.removeAll(before);
            pending.remove(cut);
        }
        if (!pending.isEmpty()) {
            parts.add(decompose(pending));
        }
        return new Series(parts);
    }

    private boolean isCut(String candidate, List<String> group) {
        return group.stream().allMatch(other -> other.equals(candidate)
                || ancestors.get(candidate).contains(other)
                || ancestors.get(other).contains(candidate));
    }

    /** Weakly connected components of a group, each in topological order. */
    private List<List<String>> components(List<String> group) {
        Map<String, String> root = new HashMap<>();
        group.forEach(id -> root.put(id, id));
        for (String id : group) {
            for (String dependency : dependencies.get(id)) {
                if (group.contains(dependency)) {
                    root.put(find(root, id), find(root, dependency));
                }
            }
        }
        Map<String, List<String>> byRoot = new LinkedHashMap<>();
        group.forEach(id -> byRoot.computeIfAbsent(find(root, id), key -> new ArrayList<>()).add(id));
        return new ArrayList<>(byRoot.values());
    }

    private static String find(Map<String, String> root, String id) {
        String current = id;
        while (!root.get(current).equals(current)) {
            current = root.get(current);
        }
        return current;
    }

    private Set<String> collectAncestors(String id, Set<String> seen) {
        for (String dependency : dependencies.get(id)) {
            if (steps.containsKey(dependency) && seen.add(dependency)) {
                collectAncestors(dependency, seen);
            }
        }
        return seen;
    }

    /** Declaration order, adjusted so that every step comes after its dependencies. */
    private List<String> topologicalOrder(Set<String> ids) {
        Set<String> ordered = new LinkedHashSet<>();
        ids.forEach(id -> visit(id, ordered));
        return new ArrayList<>(ordered);
    }

    private void visit(String id, Set<String> ordered) {
        if (ordered.contains(id)) {
            return;
        }
        dependencies.get(id).stream().filter(steps::containsKey).forEach(dependency -> visit(dependency, ordered));
        ordered.add(id);
    }
}
