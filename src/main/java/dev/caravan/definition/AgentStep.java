package dev.caravan.definition;

import java.util.List;

/**
 * A step that calls an agent, with optional branches that run concurrently with the call. The step
 * succeeds when its own call and every branch succeed.
 */
public record AgentStep(
        String id, StepControl control, AgentCall call, List<AgentCall> parallel, SourcePosition position)
        implements StepDefinition {

    public AgentStep {
        parallel = parallel == null ? List.of() : List.copyOf(parallel);
    }
}
