package dev.caravan.definition;

import static dev.caravan.definition.ControlBinder.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
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
    /** Whether texts are held to the widths of their columns; see {@link WorkflowParser#parseStored}. */
    private final boolean lengthsChecked;
    private final ControlBinder controls;
    private final StepBinder steps;
    private final FailureHookBinder hooks;
    private final TriggerBinder triggers;

    DefinitionBinder(SourceMap positions, Problems problems, boolean lengthsChecked) {
        this.positions = positions;
        this.problems = problems;
        this.lengthsChecked = lengthsChecked;
        this.controls = new ControlBinder(positions, problems);
        this.steps = new StepBinder(positions, problems, controls);
        this.hooks = new FailureHookBinder(positions, problems);
        this.triggers = new TriggerBinder(positions, problems);
    }

    WorkflowDefinition bind(WorkflowSource source, JsonNode root) {
        String name = text(root, "name");
        String version = version(root.get("version"));
        checkLength(name, WorkflowSchema.MAX_NAME, "name");
        checkLength(version, WorkflowSchema.MAX_VERSION, "version");
        return new WorkflowDefinition(
                workflowId(root, source.name(), name),
                name,
                version,
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
            } else if (lengthsChecked && id.length() > WorkflowSchema.MAX_WORKFLOW_ID) {
                problems.add(positions.valueAt(""), "the workflow id would be the file name, " + id.length()
                        + " characters long, and an id has at most " + WorkflowSchema.MAX_WORKFLOW_ID
                        + "; rename the file or set id:");
            }
            return id;
        }
        String slug = name == null ? null : slug(name);
        if (lengthsChecked && slug != null && slug.length() > WorkflowSchema.MAX_WORKFLOW_ID) {
            problems.add(positions.valueAt("name"), "the workflow id would be made of the name, " + slug.length()
                    + " characters long, and an id has at most " + WorkflowSchema.MAX_WORKFLOW_ID + "; set id:");
        }
        return slug;
    }

    /**
     * A text longer than its column, counted as the database counts: the schema counts code points,
     * and H2 counts a character outside the Basic Multilingual Plane (an emoji) twice.
     */
    private void checkLength(String text, int maxLength, String path) {
        if (lengthsChecked && text != null && text.length() > maxLength) {
            problems.add(positions.valueAt(path), SchemaChecker.tooLong(maxLength));
        }
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
            for (String key : new String[] {"timezone", "concurrency", "catchup"}) {
                if (root.has(key)) {
                    problems.add(positions.keyAt(key), key + " applies to a schedule, and this workflow has no schedule:");
                }
            }
            return null;
        }
        CronCheck.problemOf(cron).ifPresent(problem -> problems.add(positions.valueAt("schedule"), problem));
        return new ScheduleDefinition(cron, timezone == null ? "UTC" : timezone, concurrency(root.get("concurrency")),
                named(ScheduleDefinition.Catchup.class, text(root, "catchup"), ScheduleDefinition.Catchup.LATEST));
    }

    /** The schema has checked the shape; what is missing takes the default. */
    private static ScheduleDefinition.Concurrency concurrency(JsonNode node) {
        if (node == null || !node.isObject()) {
            return ScheduleDefinition.Concurrency.DEFAULT;
        }
        int limit = node.path("limit").canConvertToInt() && node.path("limit").asInt() >= 1 ? node.path("limit").asInt() : 1;
        return new ScheduleDefinition.Concurrency(limit,
                named(ScheduleDefinition.OnLimit.class, text(node, "on_limit"), ScheduleDefinition.OnLimit.SKIP));
    }

    private static <E extends Enum<E>> E named(Class<E> type, String text, E fallback) {
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        return fallback;
    }

    private void checkZone(String timezone) {
        if (isIanaName(timezone)) {
            return;
        }
        if (readsAsZone(timezone)) {
            problems.add(positions.valueAt("timezone"), "time zone '" + timezone + "' is an offset or an abbreviation, "
                    + "which does not follow daylight saving time as a region does; expected an IANA name like "
                    + "America/New_York, Europe/Paris or UTC");
            return;
        }
        List<String> regions = ZoneId.getAvailableZoneIds().stream().filter(DefinitionBinder::isIanaName).sorted().toList();
        problems.add(positions.valueAt("timezone"), "unknown time zone '" + timezone + "'"
                + Suggestions.didYouMean(timezone, regions) + "; expected an IANA name like Europe/Paris or UTC");
    }

    private static boolean readsAsZone(String timezone) {
        try {
            ZoneId.of(timezone, ZoneId.SHORT_IDS);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * A region of the IANA database (Europe/Paris), or UTC and GMT. Java also reads offsets
     * ({@code +02:00}) and old abbreviations ({@code EST}, {@code CET}), which have no daylight
     * saving rules or the wrong ones: a schedule written with them would not follow the local time
     * its author meant.
     */
    private static boolean isIanaName(String timezone) {
        return timezone.equals("UTC") || timezone.equals("GMT")
                || (timezone.contains("/") && ZoneId.getAvailableZoneIds().contains(timezone));
    }

    private ErrorHandlingDefinition errorHandling(JsonNode handling) {
        RetryPolicy retry = controls.retry(handling.get("retry"), "error_handling.retry");
        return new ErrorHandlingDefinition(retry == null ? RetryPolicy.NONE : retry,
                hooks.hooks(handling.get("on_failure"), "error_handling.on_failure"));
    }
}
