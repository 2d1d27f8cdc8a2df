package dev.caravan.compile;

import dev.caravan.definition.StepDefinition;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
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
 *
 * <p>Nothing here recurses along a chain of dependencies, and groups of steps are sets of bits:
 * the walk that recursed once per step overflowed the stack at 20,000 steps, and the sets of
 * ancestors as hash sets of ids took minutes to compare at a few thousand.
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
    /** The steps in declaration order, adjusted so that every step comes after its dependencies. */
    private final List<String> order;
    /** Each step's index in {@link #order}: the bit that stands for it in a set of steps. */
    private final Map<String, Integer> positions = new HashMap<>();
    /** The steps each step waits for, directly or not. */
    private final Map<String, BitSet> ancestors = new HashMap<>();
    /** The steps that wait for each step, directly or not. */
    private final Map<String, BitSet> descendants = new HashMap<>();

    DependencyGraph(List<StepDefinition> list) {
        String previous = null;
        for (StepDefinition step : list) {
            steps.put(step.id(), step);
            List<String> declared = step.control().dependsOn();
            dependencies.put(step.id(), declared != null ? declared : previous == null ? List.of() : List.of(previous));
            previous = step.id();
        }
        order = topologicalOrder();
        order.forEach(id -> positions.put(id, positions.size()));
        relate();
    }

    /** The dependencies of a step within this list: declared, or the step before it. */
    List<String> dependenciesOf(String stepId) {
        return dependencies.get(stepId);
    }

    Shape shape() {
        return decompose(order);
    }

    /** {@code group} is in topological order, as every group made here is. */
    private Shape decompose(List<String> group) {
        if (group.size() == 1) {
            return new Single(steps.get(group.getFirst()));
        }
        BitSet members = setOf(group);
        List<String> cuts = group.stream().filter(candidate -> isCut(candidate, members)).toList();
        if (!cuts.isEmpty()) {
            return series(members, cuts);
        }
        List<List<String>> components = components(group, members);
        if (components.size() > 1) {
            return new Parallel(components.stream().map(this::decompose).toList());
        }
        Map<String, List<String>> waits = new LinkedHashMap<>();
        group.forEach(id -> waits.put(id, dependencies.get(id).stream().filter(dependency -> isIn(dependency, members))
                .toList()));
        return new Waiting(group.stream().map(steps::get).toList(), waits);
    }

    /** Splits a group at its cuts: every step of the group is before or after each cut. */
    private Shape series(BitSet members, List<String> cuts) {
        List<Shape> parts = new ArrayList<>();
        BitSet pending = (BitSet) members.clone();
        for (String cut : cuts) {
            BitSet before = (BitSet) ancestors.get(cut).clone();
            before.and(pending);
            if (!before.isEmpty()) {
                parts.add(decompose(idsOf(before)));
            }
            parts.add(new Single(steps.get(cut)));
            pending.andNot(before);
            pending.clear(positions.get(cut));
        }
        if (!pending.isEmpty()) {
            parts.add(decompose(idsOf(pending)));
        }
        return new Series(parts);
    }

    /** Whether every other step of the group comes before or after the candidate. */
    private boolean isCut(String candidate, BitSet members) {
        BitSet related = (BitSet) ancestors.get(candidate).clone();
        related.or(descendants.get(candidate));
        related.and(members);
        return related.cardinality() == members.cardinality() - 1;
    }

    /** Weakly connected components of a group, each in topological order. */
    private List<List<String>> components(List<String> group, BitSet members) {
        Map<String, String> root = new HashMap<>();
        group.forEach(id -> root.put(id, id));
        for (String id : group) {
            for (String dependency : dependencies.get(id)) {
                if (isIn(dependency, members)) {
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

    private boolean isIn(String id, BitSet members) {
        Integer position = positions.get(id);
        return position != null && members.get(position);
    }

    private BitSet setOf(List<String> ids) {
        BitSet set = new BitSet(order.size());
        ids.forEach(id -> set.set(positions.get(id)));
        return set;
    }

    /** The steps of a set, in topological order. */
    private List<String> idsOf(BitSet set) {
        return set.stream().mapToObj(order::get).toList();
    }

    /**
     * Ancestors in topological order (a step's dependencies have theirs already), descendants in
     * the reverse order (a step's dependants have theirs already).
     */
    private void relate() {
        order.forEach(id -> {
            ancestors.put(id, new BitSet(order.size()));
            descendants.put(id, new BitSet(order.size()));
        });
        for (String id : order) {
            for (String dependency : dependenciesWithin(id)) {
                ancestors.get(id).set(positions.get(dependency));
                ancestors.get(id).or(ancestors.get(dependency));
            }
        }
        for (String id : order.reversed()) {
            for (String dependency : dependenciesWithin(id)) {
                descendants.get(dependency).set(positions.get(id));
                descendants.get(dependency).or(descendants.get(id));
            }
        }
    }

    /** The dependencies of a step that are in this list (the validator has refused any other). */
    private List<String> dependenciesWithin(String id) {
        return dependencies.get(id).stream().filter(steps::containsKey).toList();
    }

    /**
     * Declaration order, adjusted so that every step comes after its dependencies: from each step
     * in turn, a depth-first walk that puts a step after its dependencies, taken in their written
     * order, on a stack of its own. The validator has refused cycles, so every walk ends.
     */
    private List<String> topologicalOrder() {
        Set<String> ordered = new LinkedHashSet<>();
        Deque<Map.Entry<String, Iterator<String>>> walk = new ArrayDeque<>();
        for (String start : steps.keySet()) {
            if (!ordered.contains(start)) {
                walk.push(new SimpleImmutableEntry<>(start, dependenciesWithin(start).iterator()));
            }
            while (!walk.isEmpty()) {
                Map.Entry<String, Iterator<String>> top = walk.peek();
                if (!top.getValue().hasNext()) {
                    walk.pop();
                    ordered.add(top.getKey());
                } else {
                    String dependency = top.getValue().next();
                    if (!ordered.contains(dependency)) {
                        walk.push(new SimpleImmutableEntry<>(dependency, dependenciesWithin(dependency).iterator()));
                    }
                }
            }
        }
        return new ArrayList<>(ordered);
    }
}
