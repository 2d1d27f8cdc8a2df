package dev.caravan.compile;

import dev.caravan.definition.AgentCall;
import dev.caravan.definition.RetryPolicy;
import dev.caravan.definition.StepControl;
import dev.caravan.definition.StepDefinition;
import java.time.Duration;

/**
 * What the runtime needs to know of one step or parallel branch, resolved at compile time so that
 * nothing is looked up or defaulted per call.
 *
 * @param stepId the id as written (or defaulted)
 * @param call the agent call, null for steps that call no agent (branch, foreach, loop)
 * @param control the step's shared options; branches inherit their step's
 * @param retry the effective retry: the step's own, else the workflow's
 * @param timeout the effective per-call timeout
 * @param iterated whether the step runs inside a foreach or loop, so it has one result per iteration
 * @param definition the step as written (for a parallel branch: the step it belongs to)
 */
public record PlannedStep(
        String stepId, AgentCall call, StepControl control, RetryPolicy retry, Duration timeout, boolean iterated,
        StepDefinition definition) {

    public boolean callsAgent() {
        return call != null;
    }

    /** The agent id when fixed, else {@code capability:<name>}. */
    public String target() {
        if (call == null) {
            return null;
        }
        return call.agent() != null ? call.agent() : "capability:" + call.capability();
    }
}
