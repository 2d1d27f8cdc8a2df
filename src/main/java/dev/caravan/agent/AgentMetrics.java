package dev.caravan.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The first seed's agent metrics: {@code orchestrator_agent_executions_total{agent}} (every call),
 * {@code orchestrator_agent_latency_seconds{agent}} (calls the agent answered) and
 * {@code orchestrator_agent_errors_total{agent}} (calls that failed, retried or not).
 */
@Component
public class AgentMetrics {

    private final MeterRegistry meters;
    /**
     * Each agent's meters, registered at its first call: looking them up in the registry on every
     * call built a meter id and hashed its tags each time, twice a call.
     */
    private final Map<String, Meters> byAgent = new ConcurrentHashMap<>();

    private record Meters(Counter executions, Timer latency, Counter errors) {
    }

    public AgentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void answered(String agent, Duration latency) {
        Meters of = of(agent);
        of.executions().increment();
        of.latency().record(latency);
    }

    /** A call that failed: counted as an execution and as an error. */
    public void failed(String agent) {
        Meters of = of(agent);
        of.executions().increment();
        of.errors().increment();
    }

    private Meters of(String agent) {
        return byAgent.computeIfAbsent(agent, id -> new Meters(
                Counter.builder("orchestrator.agent.executions").tag("agent", id).register(meters),
                Timer.builder("orchestrator.agent.latency").tag("agent", id).register(meters),
                Counter.builder("orchestrator.agent.errors").tag("agent", id).register(meters)));
    }
}
