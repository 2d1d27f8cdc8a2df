package dev.caravan.definition;

import java.time.Duration;

/**
 * A step that waits for a signal: {@code wait_for: { signal: approval, timeout: 24h }}. It is
 * completed by {@code POST /api/workflows/{runId}/signals/{signal}}, whose JSON payload becomes its
 * output; it fails when no signal came within the timeout.
 *
 * @param signal the name a signal must carry to complete this step
 * @param timeout how long the step waits, {@link #DEFAULT_TIMEOUT} when not written
 */
public record WaitStep(String id, StepControl control, String signal, Duration timeout, SourcePosition position)
        implements StepDefinition {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    public WaitStep {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
}
