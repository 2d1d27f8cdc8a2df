package dev.caravan.compile;

import dev.caravan.definition.WorkflowDefinition;
import java.util.List;

/**
 * A workflow revision compiled once at deploy: its definition, the index of its steps, and the
 * Camel YAML DSL text of its routes.
 *
 * @param revision the revision number, counting from 1 per workflow id
 * @param routesYaml the generated routes, as loaded into Camel and served by the API
 * @param routeIds every route the document defines, the main route first
 */
public record CompiledWorkflow(
        WorkflowDefinition definition, int revision, WorkflowPlan plan, String routesYaml, List<String> routeIds) {

    public String workflowId() {
        return definition.id();
    }

    public RouteNames names() {
        return new RouteNames(definition.id(), revision);
    }

    public boolean hasFailureHooks() {
        return !definition.errorHandling().onFailure().isEmpty();
    }
}
