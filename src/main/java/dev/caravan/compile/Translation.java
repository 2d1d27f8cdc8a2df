package dev.caravan.compile;

import dev.caravan.definition.AgentCall;
import dev.caravan.definition.RetryPolicy;
import dev.caravan.definition.StepDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of one workflow's translation: its id and plan, the step lists translated so far, and
 * the step-call routes the translators asked for.
 */
final class Translation {

    private final RouteNames names;
    private final WorkflowPlan plan;
    private final StepTranslators translators;
    private final List<Object> stepCallRoutes = new ArrayList<>();

    Translation(RouteNames names, WorkflowPlan plan, StepTranslators translators) {
        this.names = names;
        this.plan = plan;
        this.translators = translators;
    }

    String node(String stepId) {
        return names.stepNode(stepId);
    }

    /** Translates a list of steps, honouring their dependencies. */
    List<Object> steps(List<StepDefinition> list) {
        return translators.translateList(list, this);
    }

    /**
     * Instantiates the step-call and step-attempt templates for one agent call and returns the node
     * that sends to the first.
     */
    Map<String, Object> callOf(AgentCall call, String nodeId) {
        PlannedStep planned = plan.get(call.id());
        String routeId = names.stepRoute(call.id());
        String attemptRouteId = names.attemptRoute(call.id());
        String prefix = node(call.id()) + ".";
        stepCallRoutes.add(templated("step-call", routeId, prefix,
                parameter("endpoint", routeId),
                parameter("attempts", attemptRouteId),
                parameter("stepId", call.id()),
                parameter("agent", planned.target()),
                parameter("action", call.action())));
        stepCallRoutes.add(templated("step-attempt", attemptRouteId, prefix,
                parameter("endpoint", attemptRouteId),
                parameter("stepId", call.id()),
                // the agent's own route when the step names it: a static send, resolved once
                parameter("target", call.agent() != null ? "caravan.agent." + call.agent() : "caravan.capability"),
                parameter("retry", describe(planned.retry())),
                parameter("timeout", describe(planned.timeout()))));
        return CamelYaml.to(nodeId, "direct:" + routeId);
    }

    @SafeVarargs
    private static Map<String, Object> templated(String template, String routeId, String prefix,
            Map<String, Object>... parameters) {
        return CamelYaml.node("templatedRoute", CamelYaml.map(
                "routeTemplateRef", template,
                "routeId", routeId,
                "prefixId", prefix,
                "parameters", List.of(parameters)));
    }

    List<Object> stepCallRoutes() {
        return stepCallRoutes;
    }

    private static Map<String, Object> parameter(String name, String value) {
        return CamelYaml.map("name", name, "value", value);
    }

    static String describe(RetryPolicy retry) {
        if (retry.maxAttempts() <= 1) {
            return "none";
        }
        return retry.maxAttempts() + " attempts, " + retry.backoff().name().toLowerCase(java.util.Locale.ROOT)
                + " from " + describe(retry.delay()) + " up to " + describe(retry.maxDelay())
                + (retry.jitter() ? ", with jitter" : "");
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
