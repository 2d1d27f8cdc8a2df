package dev.caravan.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.agent.AgentDefinition;
import dev.caravan.agent.AgentInstance;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.event.EventBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Agent health, polled (bean {@code agentHealth}, called by the timer route
 * {@code caravan.monitoring.agent-health} in {@code routes/monitoring.yaml}): every HTTP instance
 * of every agent is asked {@code GET /health} at once, each within the timeout, and its state
 * goes to the registry, which hands calls only to healthy instances. An instance is marked down
 * after {@code caravan.health.down-after} failed checks in a row, and up after one good check. A
 * change of state is logged and published as {@code component.health.checked}; a check that
 * changes nothing is not.
 *
 * <p>Instances that are Camel endpoint URIs, not HTTP, have no health endpoint and are not polled.
 * The gauge {@code orchestrator_agent_healthy_instances{agent}} counts each agent's healthy
 * instances, as the registry holds them.
 */
@Component("agentHealth")
public class AgentHealth implements AutoCloseable {

    static final String CHECKED = "component.health.checked";
    static final String GAUGE = "orchestrator.agent.healthy.instances";

    private static final Logger LOG = LoggerFactory.getLogger(AgentHealth.class);

    private final AgentRegistry registry;
    private final EventBus events;
    private final HealthProbe probe;
    private final HealthStates states;

    public AgentHealth(AgentRegistry registry, EventBus events, HealthProperties settings, ObjectMapper json,
            MeterRegistry meters) {
        this.registry = registry;
        this.events = events;
        this.probe = new HealthProbe(settings.timeout(), json);
        this.states = new HealthStates(settings.downAfter());
        for (AgentDefinition agent : registry.agents()) {
            Gauge.builder(GAUGE, registry, agents -> healthyInstances(agents, agent.id()))
                    .description("instances of the agent that answered their last health check")
                    .tag("agent", agent.id()).register(meters);
        }
    }

    /** Checks every HTTP instance once, all at the same time; returns when the slowest answered or timed out. */
    public void pollAll() {
        List<CompletableFuture<HealthCheck>> checks = new ArrayList<>();
        for (AgentDefinition agent : registry.agents()) {
            for (String instance : agent.instances()) {
                if (new AgentInstance(agent.id(), instance).isHttp()) {
                    checks.add(probe.check(agent.id(), instance));
                }
            }
        }
        checks.forEach(check -> record(check.join()));
    }

    private void record(HealthCheck check) {
        boolean before = registry.instanceHealth(check.agent()).getOrDefault(check.instance(), true);
        boolean after = states.after(check, before);
        registry.markInstanceHealth(check.agent(), check.instance(), after);
        if (before == after) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("component", "agent");
        data.put("agent", check.agent());
        data.put("instance", check.instance());
        data.put("status", check.status());
        data.put("previousStatus", before ? HealthCheck.UP : HealthCheck.DOWN);
        if (check.reason() != null) {
            data.put("reason", check.reason());
        }
        events.publish(CHECKED, check.agent(), data);
        if (check.healthy()) {
            LOG.info("Agent {} instance {} is up again", check.agent(), check.instance());
        } else {
            LOG.warn("Agent {} instance {} is down: {}", check.agent(), check.instance(), check.reason());
        }
    }

    private static double healthyInstances(AgentRegistry registry, String agentId) {
        return registry.instanceHealth(agentId).values().stream().filter(Boolean::booleanValue).count();
    }

    @Override
    public void close() {
        probe.close();
    }
}
