package dev.caravan.definition;

import java.util.List;

/** Stage four for triggers: each URI held against Caravan's {@link TriggerPolicy}, reported at the URI. */
final class TriggerChecker {

    private final TriggerPolicy policy;
    private final SourceMap positions;
    private final Problems problems;

    TriggerChecker(TriggerPolicy policy, SourceMap positions, Problems problems) {
        this.policy = policy;
        this.positions = positions;
        this.problems = problems;
    }

    void check(List<TriggerDefinition> triggers) {
        for (TriggerDefinition trigger : triggers) {
            SourcePosition uri = positions.valueAt(SourceMap.child(trigger.position().path(), "uri"));
            policy.problemsOf(trigger.uri()).forEach(problem -> problems.add(uri, problem));
        }
    }
}
