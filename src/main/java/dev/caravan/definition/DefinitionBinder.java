package dev.caravan.definition;

import static dev.caravan.definition.ControlBinder.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stage three of parsing: a checked tree to the immutable records, with the defaults of the
 * language filled in. Reports what the schema cannot see: a step's kind, cron, time zone, the
 * workflow id, hooks. One binder reads one file.
 */
final class DefinitionBinder {

    private static final Pattern ID = Pattern.compile(WorkflowSchema.ID_PATTERN);

    private final SourceMap positions;
    private final Problems problems;
    private final ControlBinder controls;
    private final StepBinder steps;
    private final FailureHookBinder hooks;
    private final TriggerBinder triggers;

    DefinitionBinder(SourceMap positions, Problems problems) {
        this.positions = positions;
        this.problems = problems;
        this.controls = new ControlBinder(positions, problems);
        this.steps = new StepBinder(positions, problems, controls);
        this.hooks = new FailureHookBinder(positions, problems);
        this.triggers = new TriggerBinder(positions, problems);
    }

    WorkflowDefinition bind(WorkflowSource source, JsonNode root) {
        String name = text(root, "name");
        return new WorkflowDefinition(
                workflowId(root, source.name(), name),
                name,
                version(root.get("version")),
                text(root, "description"),
                schedule(root),
                triggers.triggers(root.get("triggers"), "triggers"),
                TreeValues.map(root.get("params")),
                steps.steps(root.get("steps"), "steps"),
                errorHandling(root.path("error_handling")),
                controls.duration(root, "timeout", "", true),
                source);
    }

    /** Ids of steps that could not be bound; see {@link StepBinder#unboundIds()}. */
    Set<String> unboundStepIds() {
        return steps.unboundIds();
    }

    private String workflowId(JsonNode root, String sourceName, String name) {
        String explicit = text(root, "id");
        if (explicit != null) {
            return explicit;
        }
        String fileName = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
            String id = fileName.substring(0, fileName.lastIndexOf('.'));
            if (!ID.matcher(id).matches()) {
                problems.add(positions.valueAt(""), "the workflow id would be the file name '" + id
                        + "', which is not an id (a letter, then letters, digits, _ or -); rename the file or set id:");
            }
            return id;
        }
        return name == null ? null : slug(name);
    }

    /** {@code "Complete Project Build"} to {@code complete-project-build}. */
    static String slug(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            return "workflow";
        }
        return Character.isLetter(slug.charAt(0)) ? slug : "workflow-" + slug;
    }

    /** Text as written; a number ({@code version: 1.0}) keeps its digits. */
    private static String version(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber())) {
            return WorkflowDefinition.DEFAULT_VERSION;
        }
        return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
    }

    private ScheduleDefinition schedule(JsonNode root) {
        String timezone = text(root, "timezone");
        if (timezone != null) {
            checkZone(timezone);
        }
        String cron = text(root, "schedule");
        if (cron == null) {
            return null;
        }
        CronCheck.problemOf(cron).ifPresent(problem -> problems.add(positions.valueAt("schedule"), problem));
        return new ScheduleDefinition(cron, timezone == null ? "UTC" : timezone);
    }

    private void checkZone(String timezone) {
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            problems.add(positions.valueAt("timezone"), "unknown time zone '" + timezone + "'"
                    + Suggestions.didYouMean(timezone, ZoneId.getAvailableZoneIds().stream().sorted().toList())
                    + "; expected an IANA name like Europe/Paris or UTC");
        }
    }

    private ErrorHandlingDefinition errorHandling(JsonNode handling) {
        RetryPolicy retry = controls.retry(handling.get("retry"), "error_handling.retry");
        return new ErrorHandlingDefinition(retry == null ? RetryPolicy.NONE : retry,
                hooks.hooks(handling.get("on_failure"), "error_handling.on_failure"));
    }
}
