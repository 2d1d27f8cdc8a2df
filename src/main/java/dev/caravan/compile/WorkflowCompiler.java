package dev.caravan.compile;

import dev.caravan.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a workflow revision into one Camel YAML DSL document: the workflow's main route, which
 * shows its structure (sequence, multicast, choice, split, loop), one route per agent call made
 * from the {@code step-call} template, and the failure-hook route.
 */
public final class WorkflowCompiler {

    private final StepTranslators translators = new StepTranslators();
    private final FailureHookTranslator hooks = new FailureHookTranslator();

    public CompiledWorkflow compile(WorkflowDefinition definition, int revision) {
        WorkflowPlan plan = WorkflowPlan.of(definition);
        RouteNames names = new RouteNames(definition.id(), revision);
        Translation translation = new Translation(names, plan, translators);
        List<Object> document = new ArrayList<>();
        document.add(mainRoute(definition, names, translation.steps(definition.steps())));
        if (!definition.errorHandling().onFailure().isEmpty()) {
            document.add(hooks.route(names, definition.errorHandling().onFailure()));
        }
        document.addAll(translation.stepCallRoutes());
        return new CompiledWorkflow(definition, revision, plan, CamelYaml.dump(document, header(definition, revision)),
                routeIds(document));
    }

    private static Map<String, Object> mainRoute(WorkflowDefinition definition, RouteNames names, List<Object> steps) {
        return CamelYaml.node("route", CamelYaml.map(
                "id", names.workflowRoute(),
                "description", definition.name() + " " + definition.version() + ", revision " + names.revision(),
                // a step's failure is final once its own route has retried it: nothing to redeliver here
                "routeConfigurationId", RouteNames.NO_ERROR_HANDLER,
                "from", CamelYaml.map("uri", names.workflowEndpoint(), "steps", steps)));
    }

    private static String header(WorkflowDefinition definition, int revision) {
        return "# Camel routes of workflow '" + definition.id() + "', revision " + revision
                + ", compiled by Caravan from " + definition.source().name()
                + " (" + definition.source().checksum() + ").\n"
                + "# Generated: edit the workflow, not this text. Agent calls use routes/templates/step-call.yaml.\n";
    }

    @SuppressWarnings("unchecked")
    private static List<String> routeIds(List<Object> document) {
        List<String> ids = new ArrayList<>();
        for (Object entry : document) {
            Map<String, Object> node = (Map<String, Object>) entry;
            Map<String, Object> body = (Map<String, Object>) node.values().iterator().next();
            ids.add((String) (body.containsKey("routeId") ? body.get("routeId") : body.get("id")));
        }
        return ids;
    }
}
