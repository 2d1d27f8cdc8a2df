package dev.caravan.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One revision of a workflow as the user wrote it, parsed and validated. Immutable.
 *
 * @param id workflow id: the {@code id:} key, else the file name without extension, else a slug of the name
 * @param name the human name ({@code name:}, required)
 * @param version the user's version label, default {@code 1.0.0}
 * @param description free text, may be null
 * @param schedule the cron schedule, null when the workflow is not scheduled
 * @param triggers Camel endpoints whose messages each start a run, in the order written; may be empty
 * @param params default params; a run's params override them
 * @param steps the top-level steps, at least one
 * @param errorHandling the workflow-wide retry policy and failure hooks
 * @param timeout the whole run's time limit, null for none
 * @param source where the definition came from, with its verbatim text and checksum
 */
public record WorkflowDefinition(
        String id,
        String name,
        String version,
        String description,
        ScheduleDefinition schedule,
        List<TriggerDefinition> triggers,
        Map<String, Object> params,
        List<StepDefinition> steps,
        ErrorHandlingDefinition errorHandling,
        Duration timeout,
        WorkflowSource source) {

    public static final String DEFAULT_VERSION = "1.0.0";

    public WorkflowDefinition {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        steps = List.copyOf(steps);
        errorHandling = errorHandling == null ? ErrorHandlingDefinition.NONE : errorHandling;
    }
}
