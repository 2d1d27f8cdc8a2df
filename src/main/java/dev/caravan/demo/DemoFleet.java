package dev.caravan.demo;

import dev.caravan.agent.AgentRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo agent fleet: simulated agents inside Caravan's own process, so that the seed workflows
 * run on a fresh machine with nothing else installed. An HTTP server on
 * {@code 127.0.0.1:caravan.demo.port} serves every registry agent whose instance URL points at
 * that port, speaking the agent protocol ({@code docs/agent-protocol.md}) with plausible outputs
 * marked {@code "demo": true}.
 *
 * <p>Always a Spring bean, switched off when {@link DemoSwitch} says so: by default when real agents
 * are configured. Off, it serves nothing and simulates no agent. Outside Spring, construct it and
 * call {@link #start()} and {@link #close()}. Fleets on the same port in one JVM share one server.
 */
@Component
public class DemoFleet implements SmartLifecycle, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

    private final DemoProperties properties;
    private final DemoAgents agents;
    private final boolean enabled;
    private final AtomicBoolean running = new AtomicBoolean();

    /** A fleet that runs, serving the registry's agents on its port. */
    public DemoFleet(AgentRegistry registry, DemoProperties properties) {
        this(registry, properties, true);
    }

    @Autowired
    DemoFleet(AgentRegistry registry, DemoProperties properties, Environment environment) {
        this(registry, properties, DemoSwitch.demoEnabled(environment));
    }

    private DemoFleet(AgentRegistry registry, DemoProperties properties, boolean enabled) {
        this.properties = properties;
        this.enabled = enabled;
        this.agents = enabled ? DemoAgents.from(registry, properties) : DemoAgents.none(properties);
    }

    /** Starts serving; does nothing when already started, or when the demo is switched off. */
    @Override
    public void start() {
        if (enabled && running.compareAndSet(false, true)) {
            DemoServer.join(properties.port(), agents);
            LOG.warn("DEMO agent fleet on {} - simulated agents, not real services (set CARAVAN_AGENTS_FILE to "
                    + "use real agents); serving {}", baseUrl(), agents.agentIds());
        }
    }

    /** Stops serving; the shared server stops when no fleet uses it any more. */
    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            DemoServer.leave(properties.port(), agents);
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Early, so that the agents answer before any workflow route starts calling them. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether the demo runs here at all (not when real agents are configured): the API says so. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Whether the agent is one of this fleet's simulated agents: the API labels those as demo. */
    public boolean isDemo(String agentId) {
        return agents.agentIds().contains(agentId);
    }

    /** The ids of the agents this fleet simulates, in registry order. */
    public Set<String> agentIds() {
        return agents.agentIds();
    }

    /** {@code http://127.0.0.1:{port}} */
    public String baseUrl() {
        return "http://127.0.0.1:" + properties.port();
    }
}
