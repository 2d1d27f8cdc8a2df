package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Puts a compiled revision's routes into Camel, and takes them out again. */
@Component
class RevisionRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RevisionRoutes.class);

    private final CamelContext camel;

    RevisionRoutes(CamelContext camel) {
        this.camel = camel;
    }

    void load(CompiledWorkflow compiled) {
        // the loader picks YAML by what follows the first dot of the name
        String name = "workflow-" + compiled.workflowId() + "-r" + compiled.revision() + ".yaml";
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(name, compiled.routesYaml()));
        } catch (Exception e) {
            throw new IllegalStateException("Camel refused the routes compiled from workflow "
                    + compiled.workflowId() + ": " + e.getMessage(), e);
        }
    }

    void unload(CompiledWorkflow compiled) {
        for (String routeId : compiled.routeIds()) {
            try {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            } catch (Exception e) {
                LOG.warn("Could not remove route {} of a retired revision: {}", routeId, e.getMessage());
            }
        }
        LOG.info("Removed the routes of workflow {} revision {}", compiled.workflowId(), compiled.revision());
    }
}
