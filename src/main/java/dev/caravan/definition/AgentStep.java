package dev.caravan.definition;

import java.time.Duration;
import java.util.List;

/**
 * A step that calls an agent, with optional branches that run concurrently with the call. The step
 * succeeds when its own call and every branch succeed.
 */
public record AgentStep(
        String id, StepControl control, AgentCall call, List<AgentCall> parallel, Duration callbackTimeout,
        SourcePosition position)
        implements StepDefinition {

    /** How long a call answered {@code 202 accepted} waits for its callback when the step does not say. */
    public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofHours(1);

    public AgentStep {
        parallel = parallel == null ? List.of() : List.copyOf(parallel);
        callbackTimeout = callbackTimeout == null ? DEFAULT_CALLBACK_TIMEOUT : callbackTimeout;
    }
}
