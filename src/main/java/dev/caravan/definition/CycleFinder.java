package dev.caravan.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Finds the cycles of "waits for" among the steps of one list, one cycle per strongly connected
 * group (Tarjan), each starting at the first step of the group that has an explicit
 * {@code depends_on}: implicit waits only point backwards, so every cycle has one.
 *
 * <p>Nothing here recurses along a chain of waits: the walk keeps its own stack of steps, each
 * with the waits it has yet to follow. Recursing once per step overflowed a thread's default
 * stack on a chain of 20,000 steps, each waiting for the next (with {@code max-steps} raised).
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

    /**
     * Tarjan's walk from one step, as the recursive one would do it: a step's waits in the order
     * of its set, a step's lowest order taken into the step it was reached from once all its own
     * waits are followed.
     */
    private void connect(int start) {
        Deque<Visit> walk = new ArrayDeque<>();
        walk.push(enter(start));
        while (!walk.isEmpty()) {
            Visit visit = walk.peek();
            if (visit.targets().hasNext()) {
                int target = visit.targets().next();
                if (order[target] < 0) {
                    walk.push(enter(target));
                } else if (onStack[target]) {
                    lowest[visit.step()] = Math.min(lowest[visit.step()], order[target]);
                }
                continue;
            }
            walk.pop();
            closeGroup(visit.step());
            Visit caller = walk.peek();
            if (caller != null) {
                lowest[caller.step()] = Math.min(lowest[caller.step()], lowest[visit.step()]);
            }
        }
    }

    /** A step being walked, and the steps it waits for that the walk has yet to follow. */
    private record Visit(int step, Iterator<Integer> targets) {
    }

    private Visit enter(int step) {
        order[step] = counter;
        lowest[step] = counter++;
        stack.push(step);
        onStack[step] = true;
        return new Visit(step, waitsFor.get(step).iterator());
    }

    /** When every wait of the step is followed: the step and those above it on the stack are a group if it is its root. */
    private void closeGroup(int step) {
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
        BitSet members = new BitSet(waitsFor.size());
        group.forEach(members::set);
        int[] cameFrom = new int[waitsFor.size()];
        Arrays.fill(cameFrom, -1);
        Deque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int step = queue.poll();
            for (int target : waitsFor.get(step).stream().sorted().toList()) {
                if (target == start) {
                    return pathTo(step, cameFrom, start);
                }
                if (members.get(target) && cameFrom[target] < 0) {
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
