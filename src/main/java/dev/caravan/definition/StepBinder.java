package dev.caravan.definition;

import static dev.caravan.definition.ControlBinder.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds step lists to step records, deciding each step's kind by its keys and giving steps without
 * an {@code id:} their default id: the action, else {@code step<N>} by position in the list.
 */
final class StepBinder {

    private final SourceMap positions;
    private final Problems problems;
    private final ControlBinder controls;
    private final Set<String> unboundIds = new HashSet<>();

    StepBinder(SourceMap positions, Problems problems, ControlBinder controls) {
        this.positions = positions;
        this.problems = problems;
        this.controls = controls;
    }

    /** Ids of steps that could not be bound (no kind, or two), so that naming them elsewhere is not an error too. */
    Set<String> unboundIds() {
        return Set.copyOf(unboundIds);
    }

    List<StepDefinition> steps(JsonNode list, String path) {
        List<StepDefinition> steps = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return steps;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode step = list.get(i);
            if (step.isObject()) {
                StepDefinition bound = step(step, SourceMap.item(path, i), i + 1);
                if (bound != null) {
                    steps.add(bound);
                }
            }
        }
        return steps;
    }

    private StepDefinition step(JsonNode step, String path, int number) {
        String id = text(step, "id") != null ? text(step, "id") : text(step, "action");
        if (id == null) {
            id = "step" + number;
        }
        SourcePosition position = positions.valueAt(path);
        List<String> keys = new ArrayList<>();
        step.fieldNames().forEachRemaining(keys::add);
        Set<StepKind> kinds = kindsOf(keys);
        if (kinds.size() != 1) {
            // a misspelt kind key (agnet) is already reported with its correction; saying the step has no kind adds nothing
            boolean misspelt = keys.stream().anyMatch(key -> !StepKind.isStepKey(key));
            if (!kinds.isEmpty() || !misspelt) {
                problems.add(position, kinds.isEmpty() ? "a step needs " + StepKind.ALL_KINDS : mixedKinds(kinds));
            }
            unboundIds.add(id);
            return null;
        }
        StepKind kind = kinds.iterator().next();
        reportForeignKeys(kind, keys, path);
        StepControl control = controls.control(step, path);
        return switch (kind) {
            case AGENT -> new AgentStep(id, control, call(id, step, path), parallel(step.get("parallel"), path),
                    controls.duration(step, "callback_timeout", path, true), position);
            case BRANCH -> new BranchStep(id, control, steps(step.get("then"), SourceMap.child(path, "then")),
                    steps(step.get("else"), SourceMap.child(path, "else")), position);
            case FOREACH -> new ForeachStep(id, control, text(step, "foreach"), Math.max(1, step.path("max_parallel").asInt(1)),
                    steps(step.get("steps"), SourceMap.child(path, "steps")), position);
            case LOOP -> loop(id, control, step.path("loop"), SourceMap.child(path, "loop"), position);
            case WAIT -> new WaitStep(id, control, text(step.path("wait_for"), "signal"),
                    controls.duration(step.path("wait_for"), "timeout", SourceMap.child(path, "wait_for"), true), position);
        };
    }

    private static Set<StepKind> kindsOf(List<String> keys) {
        Set<StepKind> kinds = EnumSet.noneOf(StepKind.class);
        for (StepKind kind : StepKind.values()) {
            if (kind.isMarkedBy(keys)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static String mixedKinds(Set<StepKind> kinds) {
        return "a step is one kind only, but this one is " + kinds.stream()
                .map(kind -> kind.description() + " (" + kind.markerWords() + ")")
                .collect(Collectors.joining(" and "));
    }

    private void reportForeignKeys(StepKind kind, List<String> keys, String path) {
        for (String key : keys) {
            for (StepKind other : StepKind.values()) {
                if (other != kind && other.owns(key)) {
                    problems.add(positions.keyAt(SourceMap.child(path, key)),
                            "'" + key + "' does not apply to " + kind.description() + "; it belongs to " + other.description());
                }
            }
        }
    }

    private LoopStep loop(String id, StepControl control, JsonNode loop, String path, SourcePosition position) {
        int maxIterations = loop.path("max_iterations").asInt(1);
        return new LoopStep(id, control, text(loop, "while"), Math.max(1, maxIterations),
                steps(loop.get("steps"), SourceMap.child(path, "steps")), position);
    }

    private List<AgentCall> parallel(JsonNode list, String stepPath) {
        List<AgentCall> calls = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return calls;
        }
        String path = SourceMap.child(stepPath, "parallel");
        for (int i = 0; i < list.size(); i++) {
            JsonNode call = list.get(i);
            if (call.isObject()) {
                String id = text(call, "id") != null ? text(call, "id") : text(call, "action");
                calls.add(call(id == null ? "" : id, call, SourceMap.item(path, i)));
            }
        }
        return calls;
    }

    /** One call of an agent (by id or by capability): the step's own, or a parallel branch. */
    private AgentCall call(String id, JsonNode call, String path) {
        String agent = text(call, "agent");
        String capability = text(call, "capability");
        if (agent != null && capability != null) {
            problems.add(positions.keyAt(SourceMap.child(path, "capability")),
                    "agent and capability exclude each other: name the agent, or let the registry choose one by capability");
        } else if (agent == null && capability == null && !call.has("agent") && !call.has("capability")) {
            problems.add(positions.valueAt(path), "a parallel call needs agent: or capability:");
        }
        return new AgentCall(id, agent, capability, text(call, "action"), TreeValues.map(call.get("params")),
                positions.valueAt(path));
    }
}
