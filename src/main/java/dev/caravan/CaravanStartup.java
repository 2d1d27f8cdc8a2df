package dev.caravan;

import dev.caravan.agent.AgentRoutes;
import dev.caravan.event.EventBridge;
import dev.caravan.event.EventBus;
import dev.caravan.intake.WorkflowFolder;
import dev.caravan.run.RunRecovery;
import dev.caravan.run.WorkflowCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * What happens once Camel has started with the routes under {@code routes/}: one route per agent
 * from the agent-call template; the stored workflows compiled again; the workflows folder deployed
 * (a file equal to its stored revision changes nothing) and watched from then on; then the runs
 * that were in flight when Caravan stopped resume. Caravan reports ready only after this.
 */
@Component
class CaravanStartup implements CamelContextConfiguration {

    private final AgentRoutes agentRoutes;
    private final WorkflowCatalog catalog;
    private final WorkflowFolder workflows;
    private final RunRecovery recovery;
    private final EventBus events;
    private final EventBridge bridge;

    CaravanStartup(AgentRoutes agentRoutes, WorkflowCatalog catalog, WorkflowFolder workflows, RunRecovery recovery,
            EventBus events, EventBridge bridge) {
        this.events = events;
        this.bridge = bridge;
        this.agentRoutes = agentRoutes;
        this.catalog = catalog;
        this.workflows = workflows;
        this.recovery = recovery;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing to do before Camel starts: templates load with the routes folder
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        agentRoutes.install(camelContext);
        try {
            bridge.start(camelContext);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the event bridge over Redis: " + e.getMessage(), e);
        }
        catalog.restore();
        workflows.deployAndWatch();
        recovery.start();
        // from here on, deploys and run controls made through other nodes on the database reach this one
        startRoute(camelContext, "caravan.cluster.definitions-sync");
        startRoute(camelContext, "caravan.cluster.run-control");
        events.publish("orchestrator.started", "caravan", java.util.Map.of("workflows", catalog.all().size()));
    }

    private static void startRoute(CamelContext camelContext, String routeId) {
        try {
            camelContext.getRouteController().startRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start route " + routeId + ": " + e.getMessage(), e);
        }
    }
}
