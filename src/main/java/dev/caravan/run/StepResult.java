package dev.caravan.run;

import java.time.Instant;
import java.util.Map;

/**
 * What one step of a run did, as committed to the {@link RunStore}. A new record replaces the old
 * one at each transition; a terminal record is final and is what a re-entered run restores.
 *
 * @param key the step's key within the run: its id, with the iteration index for steps inside
 *            {@code foreach} or {@code loop} ({@code transform[2]})
 * @param stepId the step's id as written
 * @param agent the agent that served the call (null for steps that call none)
 * @param status where the step stands
 * @param output the agent's output (null until success)
 * @param error what went wrong (null unless failure)
 * @param attempts calls made so far
 * @param instance the agent instance that served the last attempt
 */
public record StepResult(
        String key, String stepId, String agent, StepStatus status, Map<String, Object> output, String error,
        int attempts, Instant startTime, Instant endTime, String instance) {

    public static StepResult pending(String key, String stepId, String agent) {
        return new StepResult(key, stepId, agent, StepStatus.PENDING, null, null, 0, null, null, null);
    }

    StepResult moveTo(StepStatus target) {
        if (!status.next().contains(target)) {
            throw new IllegalStateException("step " + key + " cannot go from " + status + " to " + target);
        }
        return new StepResult(key, stepId, agent, target, output, error, attempts, startTime, endTime, instance);
    }

    StepResult running(String servingAgent, Instant now) {
        StepResult moved = moveTo(StepStatus.RUNNING);
        return new StepResult(key, stepId, servingAgent, moved.status, null, null, attempts,
                startTime == null ? now : startTime, null, instance);
    }

    StepResult attempted(String servingInstance, String lastError) {
        return new StepResult(key, stepId, agent, status, output, lastError, attempts + 1, startTime, endTime,
                servingInstance);
    }

    StepResult succeeded(Map<String, Object> result, Instant now) {
        StepResult moved = moveTo(StepStatus.SUCCESS);
        return new StepResult(key, stepId, agent, moved.status, result, null, attempts, orNow(now), now, instance);
    }

    StepResult failed(String message, Instant now) {
        StepResult moved = moveTo(StepStatus.FAILURE);
        return new StepResult(key, stepId, agent, moved.status, output, message, attempts, orNow(now), now, instance);
    }

    StepResult skipped(Instant now) {
        StepResult moved = moveTo(StepStatus.SKIPPED);
        return new StepResult(key, stepId, agent, moved.status, null, null, attempts, orNow(now), now, instance);
    }

    private Instant orNow(Instant now) {
        return startTime == null ? now : startTime;
    }
}
