package dev.caravan.run;

import java.util.List;
import java.util.TreeSet;

/**
 * What the join of one parallel step holds (the body of its exchange in the aggregation
 * repository), and each branch's arrival sent to it.
 *
 * @param runId the run
 * @param join the join's key in the run ({@code quality_check}, {@code fetch.group}; with
 *     {@code [index]} inside an iteration)
 * @param branches how many branches the join waits for
 * @param arrived the branches that have arrived, by name, sorted; a branch that arrives again
 *     (re-entered after a restart) counts once
 */
record JoinState(String runId, String join, int branches, List<String> arrived) {

    static JoinState arrival(String runId, String join, int branches, String branch) {
        return new JoinState(runId, join, branches, List.of(branch));
    }

    /** This join with one more arrival. */
    JoinState with(JoinState part) {
        TreeSet<String> all = new TreeSet<>(arrived);
        all.addAll(part.arrived);
        return new JoinState(runId, join, branches, List.copyOf(all));
    }

    /** Complete when every branch has arrived. */
    boolean complete() {
        return arrived.size() >= branches;
    }

    /** The correlation key of the join: {@code <runId>:<join>}. */
    String key() {
        return runId + ":" + join;
    }
}
