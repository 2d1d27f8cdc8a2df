package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binds what steps and the workflow share: durations, retry policies and a step's control options.
 * Reads leniently: a value of the wrong type was already reported by the schema, so it is treated
 * as absent here instead of being reported twice.
 */
final class ControlBinder {

    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final SourceMap positions;
    private final Problems problems;

    ControlBinder(SourceMap positions, Problems problems) {
        this.positions = positions;
        this.problems = problems;
    }

    /** The text at {@code key}, null when absent or not text. */
    static String text(JsonNode owner, String key) {
        JsonNode value = owner.get(key);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    StepControl control(JsonNode step, String path) {
        return new StepControl(
                dependsOn(step.get("depends_on")),
                text(step, "condition"),
                duration(step, "timeout", path, true),
                retry(step.get("retry"), SourceMap.child(path, "retry")),
                step.path("continue_on_failure").asBoolean(false));
    }

    /** Null when not written: the step waits for the one before it. Empty when written as []. */
    private static List<String> dependsOn(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        node.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** The duration at {@code key}; null when absent or not a duration (reported). */
    Duration duration(JsonNode owner, String key, String ownerPath, boolean aboveZero) {
        String text = text(owner, key);
        if (text == null) {
            return null;
        }
        String path = SourceMap.child(ownerPath, key);
        Duration duration = DurationParser.parse(text).orElse(null);
        if (duration == null) {
            problems.add(positions.valueAt(path), DurationParser.EXPECTED);
        } else if (aboveZero && duration.isZero()) {
            problems.add(positions.valueAt(path), "expected a duration above zero");
            return null;
        }
        return duration;
    }

    /** The retry policy written at {@code path}, with the defaults of the language; null when not written. */
    RetryPolicy retry(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode attempts = node.path("max_attempts");
        int maxAttempts = attempts.canConvertToExactIntegral() && attempts.asInt() >= 1 ? attempts.asInt() : DEFAULT_MAX_ATTEMPTS;
        Duration delay = orDefault(duration(node, "delay", path, false), RetryPolicy.DEFAULT_DELAY);
        Duration maxDelay = orDefault(duration(node, "max_delay", path, false), RetryPolicy.DEFAULT_MAX_DELAY);
        if (maxDelay.compareTo(delay) < 0) {
            problems.add(positions.valueAt(SourceMap.child(path, node.has("max_delay") ? "max_delay" : "delay")),
                    "max_delay (" + words(maxDelay) + ") is shorter than delay (" + words(delay) + ")");
        }
        return new RetryPolicy(maxAttempts, backoff(text(node, "backoff")), delay, maxDelay, node.path("jitter").asBoolean(true));
    }

    private static RetryPolicy.Backoff backoff(String text) {
        for (RetryPolicy.Backoff backoff : RetryPolicy.Backoff.values()) {
            if (backoff.name().toLowerCase(Locale.ROOT).equals(text)) {
                return backoff;
            }
        }
        return RetryPolicy.Backoff.EXPONENTIAL;
    }

    private static Duration orDefault(Duration duration, Duration fallback) {
        return duration == null ? fallback : duration;
    }

    private static String words(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
