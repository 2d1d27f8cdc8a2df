package dev.caravan.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Finds the cycles of "waits for" among the steps of one list, one cycle per strongly connected
 * group (Tarjan), each starting at the first step of the group that has an explicit
 * {@code depends_on}: implicit waits only point backwards, so every cycle has one.
 */
final class CycleFinder {

    private final List<Set<Integer>> waitsFor;
    private final List<StepDefinition> steps;
    private final int[] order;
    private final int[] lowest;
    private final boolean[] onStack;
    private final Deque<Integer> stack = new ArrayDeque<>();
    private final List<List<Integer>> groups = new ArrayList<>();
    private int counter;

    CycleFinder(List<Set<Integer>> waitsFor, List<StepDefinition> steps) {
        this.waitsFor = waitsFor;
        this.steps = steps;
        this.order = new int[waitsFor.size()];
        this.lowest = new int[waitsFor.size()];
        this.onStack = new boolean[waitsFor.size()];
        Arrays.fill(order, -1);
    }

    /** Each cycle as step indexes, in the order the steps wait for each other. */
    List<List<Integer>> cycles() {
        for (int i = 0; i < waitsFor.size(); i++) {
            if (order[i] < 0) {
                connect(i);
            }
        }
        List<List<Integer>> cycles = new ArrayList<>();
        for (List<Integer> group : groups) {
            if (group.size() > 1 || waitsFor.get(group.getFirst()).contains(group.getFirst())) {
                cycles.add(shortestCycle(group));
            }
        }
        cycles.sort((a, b) -> Integer.compare(a.getFirst(), b.getFirst()));
        return cycles;
    }

    private void connect(int step) {
        order[step] = counter;
        lowest[step] = counter++;
        stack.push(step);
        onStack[step] = true;
        for (int target : waitsFor.get(step)) {
            if (order[target] < 0) {
                connect(target);
                lowest[step] = Math.min(lowest[step], lowest[target]);
            } else if (onStack[target]) {
                lowest[step] = Math.min(lowest[step], order[target]);
            }
        }
        if (lowest[step] == order[step]) {
            List<Integer> group = new ArrayList<>();
            int member;
            do {
                member = stack.pop();
                onStack[member] = false;
                group.add(member);
            } while (member != step);
            groups.add(group);
        }
    }

    /** Breadth-first from the group's first explicit step back to itself, inside the group. */
    private List<Integer> shortestCycle(List<Integer> group) {
        int start = group.stream()
                .filter(index -> steps.get(index).control().dependsOn() != null)
                .min(Integer::compare).orElseThrow();
        int[] cameFrom = new int[waitsFor.size()];
        Arrays.fill(cameFrom, -1);
        Deque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int step = queue.poll();
            for (int target : waitsFor.get(step).stream().sorted().toList()) {
                if (target == start) {
                    return pathTo(step, cameFrom, start);
                }
                if (group.contains(target) && cameFrom[target] < 0) {
                    cameFrom[target] = step;
                    queue.add(target);
                }
            }
        }
        throw new IllegalStateException("a strongly connected group always leads back to its start");
    }

    private static List<Integer> pathTo(int last, int[] cameFrom, int start) {
        List<Integer> path = new ArrayList<>();
        for (int step = last; step != start; step = cameFrom[step]) {
            path.addFirst(step);
        }
        path.addFirst(start);
        return path;
    }
}
