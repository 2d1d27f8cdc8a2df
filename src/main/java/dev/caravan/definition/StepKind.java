package dev.caravan.definition;

import java.util.List;

/**
 * The kinds of step, with the keys that make a step of that kind and the keys only that kind has.
 * Keys of no kind ({@code id}, {@code depends_on}, {@code condition}, {@code timeout},
 * {@code retry}, {@code continue_on_failure}) go with every kind.
 */
enum StepKind {
    AGENT("an agent step", List.of("agent", "capability"), List.of("agent", "capability", "action", "params", "parallel", "callback_timeout")),
    BRANCH("a branch step", List.of("then", "else"), List.of("then", "else")),
    FOREACH("a foreach step", List.of("foreach"), List.of("foreach", "steps", "max_parallel")),
    LOOP("a loop step", List.of("loop"), List.of("loop")),
    WAIT("a wait step", List.of("wait_for"), List.of("wait_for"));

    static final String ALL_KINDS = "agent: or capability: (with action:) to call an agent, then: (with condition:) "
            + "to branch, foreach: (with steps:), loop: or wait_for:";

    /** Keys every kind may have. */
    static final List<String> SHARED_KEYS = List.of("id", "depends_on", "condition", "timeout", "retry", "continue_on_failure");

    private final String description;
    private final List<String> markers;
    private final List<String> ownKeys;

    StepKind(String description, List<String> markers, List<String> ownKeys) {
        this.description = description;
        this.markers = markers;
        this.ownKeys = ownKeys;
    }

    String description() {
        return description;
    }

    /** The keys that make a step this kind, as a user would write them: {@code agent:/capability:}. */
    String markerWords() {
        return String.join("/", markers.stream().map(key -> key + ":").toList());
    }

    boolean isMarkedBy(Iterable<String> keys) {
        for (String key : keys) {
            if (markers.contains(key)) {
                return true;
            }
        }
        return false;
    }

    boolean owns(String key) {
        return ownKeys.contains(key);
    }

    /** Whether a step may have {@code key} at all, whatever its kind. */
    static boolean isStepKey(String key) {
        if (SHARED_KEYS.contains(key)) {
            return true;
        }
        for (StepKind kind : values()) {
            if (kind.owns(key)) {
                return true;
            }
        }
        return false;
    }
}
