package dev.caravan;

import dev.caravan.agent.AgentRoutes;
import dev.caravan.intake.WorkflowFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * What happens once Camel has started with the routes under {@code routes/}: one route per agent
 * from the agent-call template, then every workflow of the workflows folder. Caravan reports ready
 * only after this.
 */
@Component
class CaravanStartup implements CamelContextConfiguration {

    private final AgentRoutes agentRoutes;
    private final WorkflowFolder workflows;

    CaravanStartup(AgentRoutes agentRoutes, WorkflowFolder workflows) {
        this.agentRoutes = agentRoutes;
        this.workflows = workflows;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing to do before Camel starts: templates load with the routes folder
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        agentRoutes.install(camelContext);
        workflows.deployAll();
    }
}
