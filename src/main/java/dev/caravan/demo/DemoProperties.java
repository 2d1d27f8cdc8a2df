package dev.caravan.demo;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo agent fleet ({@code caravan.demo.*}).
 *
 * @param enabled     whether the fleet starts; read by {@link DemoSwitch}.
 *                    Unset, it is on unless {@code CARAVAN_AGENTS_FILE} / {@code caravan.agents.file}
 *                    or {@code AGENT_REGISTRY_URL} is set, i.e. unless real agents are configured
 * @param port        the port on 127.0.0.1 the fleet listens on; it serves each registry instance
 *                    URL of the form {@code http://127.0.0.1:{port}/{path}} or {@code localhost}
 * @param latency     how long a call takes on average; each call sleeps this plus or minus 50%
 * @param failureRate the fraction of calls, 0.0 to 1.0, answered {@code 503} to show retries
 * @param agents      per-agent overrides of latency and failure rate, keyed by agent id
 */
@ConfigurationProperties("caravan.demo")
public record DemoProperties(
        Boolean enabled,
        @DefaultValue("4100") int port,
        @DefaultValue("20ms") Duration latency,
        @DefaultValue("0.0") double failureRate,
        Map<String, AgentBehaviour> agents) {

    /**
     * How one demo agent behaves; a null field keeps the fleet-wide value.
     *
     * @param latency     average latency of this agent's calls
     * @param failureRate fraction of this agent's calls answered {@code 503}
     */
    public record AgentBehaviour(Duration latency, Double failureRate) {
    }

    public DemoProperties {
        if (failureRate < 0.0 || failureRate > 1.0) {
            throw new IllegalArgumentException("caravan.demo.failure-rate must be within 0.0 and 1.0, got " + failureRate);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("caravan.demo.latency must not be negative, got " + latency);
        }
        agents = agents == null ? Map.of() : Map.copyOf(agents);
    }

    /** Fleet-wide settings on the given port, no per-agent overrides: for tests and embedding. */
    public static DemoProperties of(int port, Duration latency, double failureRate) {
        return new DemoProperties(true, port, latency, failureRate, Map.of());
    }

    Duration latencyOf(String agentId) {
        AgentBehaviour behaviour = agents.get(agentId);
        return behaviour != null && behaviour.latency() != null ? behaviour.latency() : latency;
    }

    double failureRateOf(String agentId) {
        AgentBehaviour behaviour = agents.get(agentId);
        return behaviour != null && behaviour.failureRate() != null ? behaviour.failureRate() : failureRate;
    }
}
