package dev.caravan.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The first seed's agent metrics: {@code orchestrator_agent_executions_total{agent}} (every call),
 * {@code orchestrator_agent_latency_seconds{agent}} (calls the agent answered) and
 * {@code orchestrator_agent_errors_total{agent}} (calls that failed, retried or not).
 */
@Component
public class AgentMetrics {

    private final MeterRegistry meters;

    public AgentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void answered(String agent, Duration latency) {
        Counter.builder("orchestrator.agent.executions").tag("agent", agent).register(meters).increment();
        Timer.builder("orchestrator.agent.latency").tag("agent", agent).register(meters).record(latency);
    }

    /** A call that failed: counted as an execution and as an error. */
    public void failed(String agent) {
        Counter.builder("orchestrator.agent.executions").tag("agent", agent).register(meters).increment();
        Counter.builder("orchestrator.agent.errors").tag("agent", agent).register(meters).increment();
    }
}
