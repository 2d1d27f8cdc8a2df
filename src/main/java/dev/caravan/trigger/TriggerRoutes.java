package dev.caravan.trigger;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.TriggerDefinition;
import dev.caravan.run.WorkflowLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each workflow's trigger routes on its current revision: one route per trigger from the
 * {@code workflow-trigger} template ({@code routes/templates/trigger.yaml}), id
 * {@code <workflow>.trigger.<trigger>}. When a revision becomes current, the previous revision's
 * trigger routes go and the new one's start; when a workflow is removed, its trigger routes go.
 *
 * <p>A trigger whose route cannot start (a folder that cannot be created, say) is logged; the
 * workflow stays deployed and runs by the other means.
 */
@Component
class TriggerRoutes implements WorkflowLifecycle {

    static final String TEMPLATE = "workflow-trigger";
    private static final String ROUTE_INFIX = ".trigger.";

    private static final Logger LOG = LoggerFactory.getLogger(TriggerRoutes.class);

    private final CamelContext camel;
    private final TriggerEndpoints endpoints;
    private final TriggerProperties settings;
    private final Map<String, List<String>> routesByWorkflow = new ConcurrentHashMap<>();

    TriggerRoutes(CamelContext camel, TriggerEndpoints endpoints, TriggerProperties settings) {
        this.camel = camel;
        this.endpoints = endpoints;
        this.settings = settings;
    }

    static String routeId(String workflowId, String triggerId) {
        return workflowId + ROUTE_INFIX + triggerId;
    }

    static boolean isTriggerRoute(String routeId) {
        return routeId != null && routeId.contains(ROUTE_INFIX);
    }

    @Override
    public synchronized void currentRevision(CompiledWorkflow workflow, boolean deployed) {
        workflowRemoved(workflow.workflowId());
        List<TriggerDefinition> triggers = workflow.definition().triggers();
        if (triggers.isEmpty()) {
            return;
        }
        if (!settings.enabled()) {
            LOG.info("Workflow {} has {} triggers, which this node does not run (caravan.triggers.enabled=false)",
                    workflow.workflowId(), triggers.size());
            return;
        }
        List<String> started = new ArrayList<>();
        for (TriggerDefinition trigger : triggers) {
            String routeId = routeId(workflow.workflowId(), trigger.id());
            try {
                TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId)
                        .parameter("workflow", workflow.workflowId())
                        .parameter("revision", workflow.revision())
                        .parameter("trigger", trigger.id())
                        .parameter("uri", endpoints.endpointUri(trigger.uri()))
                        .add();
                started.add(routeId);
                LOG.info("Trigger {} of workflow {} revision {} reads {}", trigger.id(), workflow.workflowId(),
                        workflow.revision(), URISupport.sanitizeUri(trigger.uri()));
            } catch (Exception e) {
                remove(routeId);
                LOG.error("Trigger {} of workflow {} could not start on {}: {}", trigger.id(), workflow.workflowId(),
                        URISupport.sanitizeUri(trigger.uri()), URISupport.sanitizeUri(String.valueOf(e.getMessage())));
            }
        }
        routesByWorkflow.put(workflow.workflowId(), List.copyOf(started));
    }

    @Override
    public synchronized void workflowRemoved(String workflowId) {
        List<String> routes = routesByWorkflow.remove(workflowId);
        if (routes != null) {
            routes.forEach(this::remove);
        }
    }

    private void remove(String routeId) {
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            LOG.warn("Could not remove trigger route {}: {}", routeId, e.getMessage());
        }
    }
}
