package dev.caravan.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as stored: which revision it pinned, its params, where it stands, and its steps in the
 * order they were declared.
 */
public record RunRecord(
        String runId, String workflowId, String workflowName, String version, int revision, RunStatus status,
        Map<String, Object> params, Instant startTime, Instant endTime, String error, List<StepResult> steps,
        List<HookResult> hooks) {

    public RunRecord {
        params = params == null ? Map.of() : params;
        steps = List.copyOf(steps);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** What one {@code on_failure} hook did. */
    public record HookResult(String hook, boolean success, String error) {
    }
}
