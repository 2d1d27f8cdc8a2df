package dev.caravan.agent;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates one route per registered agent from the {@code agent-call} template
 * ({@code routes/templates/agent-call.yaml}), with the agent's circuit breaker bound beside it.
 */
@Component
public class AgentRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRoutes.class);

    private final AgentRegistry registry;
    private final AgentBreakers breakers;

    public AgentRoutes(AgentRegistry registry, AgentBreakers breakers) {
        this.registry = registry;
        this.breakers = breakers;
    }

    public void install(CamelContext camel) {
        for (AgentDefinition agent : registry.agents()) {
            camel.getRegistry().bind(AgentBreakers.beanName(agent.id()), breakers.of(agent.id()));
            TemplatedRouteBuilder.builder(camel, "agent-call")
                    .routeId("caravan.agent." + agent.id())
                    .parameter("agentId", agent.id())
                    .add();
        }
        LOG.info("Agent routes ready for {} agents", registry.agents().size());
    }
}
