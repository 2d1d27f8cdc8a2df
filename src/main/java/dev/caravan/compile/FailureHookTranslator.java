package dev.caravan.compile;

import dev.caravan.definition.FailureHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The route run once when a run fails: each hook in its own try block, so a failing hook is
 * recorded and the next one still runs, and the run's own failure is never replaced.
 */
final class FailureHookTranslator {

    /** The Spring bean that prepares hook calls and records their outcome; see the run package. */
    static final String HOOKS_BEAN = "caravanHooks";

    Map<String, Object> route(RouteNames names, List<FailureHook> hooks) {
        String routeId = names.failureRoute();
        List<Object> steps = new ArrayList<>();
        for (int index = 0; index < hooks.size(); index++) {
            steps.add(guarded(routeId + "." + index, hooks.get(index), index));
        }
        return CamelYaml.node("route", CamelYaml.map(
                "id", routeId,
                "description", "on_failure hooks of " + names.base(),
                "routeConfigurationId", RouteNames.NO_ERROR_HANDLER,
                "from", CamelYaml.map("uri", "direct:" + routeId, "steps", steps)));
    }

    private Map<String, Object> guarded(String id, FailureHook hook, int index) {
        String target = switch (hook) {
            case FailureHook.AgentHook agent -> RouteNames.agentEndpoint(agent.agent());
            case FailureHook.NotifyHook notify -> "direct:caravan.notify." + notify.channel().name().toLowerCase();
        };
        List<Object> attempt = List.of(
                hookBean(id + ".prepare", "prepare", index),
                CamelYaml.to(id + ".send", target),
                hookBean(id + ".done", "succeeded", index));
        Map<String, Object> onError = CamelYaml.map(
                "exception", List.of("java.lang.Exception"),
                "steps", List.of(hookBean(id + ".failed", "failed", index)));
        return CamelYaml.node("doTry", CamelYaml.map("id", id, "steps", attempt, "doCatch", List.of(onError)));
    }

    private static Map<String, Object> hookBean(String id, String method, int index) {
        return CamelYaml.node("bean", CamelYaml.map("id", id, "ref", HOOKS_BEAN, "method", method + "(*, " + index + ")"));
    }
}
