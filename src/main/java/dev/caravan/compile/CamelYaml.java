package dev.caravan.compile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Small builders for the nodes of a Camel YAML DSL document, and its text. Caravan writes its own
 * YAML rather than asking Camel's dumper, whose output does not always load back.
 */
final class CamelYaml {

    /** The Spring bean that records step transitions; see the run package. */
    static final String STEPS_BEAN = "caravanSteps";
    /** The bean of durable waits (callbacks and signals), in the run package. */
    static final String WAITS_BEAN = "caravanWaits";
    /** The Spring bean that tracks foreach items and loop iterations; see the run package. */
    static final String ITERATIONS_BEAN = "caravanIterations";
    /** The aggregation strategy that joins parallel branches and keeps the first failure. */
    static final String JOIN_STRATEGY = "caravanJoin";
    /** The bean of durable joins of parallel branches, in the run package. */
    static final String JOINS_BEAN = "caravanJoins";
    /** An executor of virtual threads: a branch waiting on an agent holds no platform thread. */
    static final String VIRTUAL_THREADS = "caravanVirtualThreads";

    private CamelYaml() {
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }

    static Map<String, Object> node(String kind, Map<String, Object> body) {
        return map(kind, body);
    }

    static Map<String, Object> to(String id, String uri) {
        return node("to", map("id", id, "uri", uri));
    }

    /** A call of the step tracker with the exchange and a step id: {@code method(*, 'id')}. */
    static Map<String, Object> track(String id, String method, String stepId) {
        return call(STEPS_BEAN, id, method, stepId);
    }

    /** A call of the iteration tracker with the exchange and a step id. */
    static Map<String, Object> iterate(String id, String method, String stepId) {
        return call(ITERATIONS_BEAN, id, method, stepId);
    }

    private static Map<String, Object> call(String bean, String id, String method, String stepId) {
        return node("bean", map("id", id, "ref", bean, "method", method + "(*, '" + stepId + "')"));
    }

    /** An expression in Caravan's sandboxed language. */
    static Map<String, Object> caravan(String expression) {
        return map("language", map("language", "caravan", "expression", expression));
    }

    /** A choice that runs {@code then} when the expression holds, else {@code otherwise}. */
    static Map<String, Object> choice(String id, String expression, List<Object> then, List<Object> otherwise) {
        Map<String, Object> when = new LinkedHashMap<>();
        when.put("expression", caravan(expression));
        when.put("steps", then);
        return node("choice", map("id", id, "when", List.of(when), "otherwise", map("steps", otherwise)));
    }

    /** One branch of a parallel step: its name at the step's join, and its nodes. */
    record Branch(String name, List<Object> steps) {
    }

    /**
     * Concurrent branches on virtual threads (a multicast), each ending by arriving at the step's
     * durable join ({@code routes/joins.yaml}); then the node that takes the run on once the join
     * is complete. Caravan's strategy keeps the multicast's first failure.
     */
    static List<Object> parallel(String id, String joinId, List<Branch> branches) {
        List<Object> outputs = branches.stream()
                .map(branch -> (Object) pipeline(withArrival(branch, id, joinId, branches.size())))
                .toList();
        Map<String, Object> multicast = node("multicast", map(
                "id", id,
                "parallelProcessing", true,
                "executorService", VIRTUAL_THREADS,
                "aggregationStrategy", JOIN_STRATEGY,
                "steps", outputs));
        Map<String, Object> joined = node("bean", map(
                "id", id + ".joined", "ref", JOINS_BEAN, "method", "joined(*, '" + joinId + "')"));
        return List.of(multicast, joined);
    }

    private static List<Object> withArrival(Branch branch, String id, String joinId, int branches) {
        List<Object> steps = new java.util.ArrayList<>(branch.steps());
        steps.add(node("bean", map(
                "id", id + ".arrived." + branch.name(),
                "ref", JOINS_BEAN,
                "method", "arrive(*, '" + joinId + "', '" + branch.name() + "', " + branches + ")")));
        return steps;
    }

    static Map<String, Object> pipeline(List<Object> steps) {
        return node("pipeline", map("steps", steps));
    }

    static String dump(List<Object> document, String header) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setSplitLines(false);
        // nodes are trees built fresh for each document; no anchors even if a value were shared
        options.setDereferenceAliases(true);
        return header + new Yaml(options).dump(document);
    }
}
