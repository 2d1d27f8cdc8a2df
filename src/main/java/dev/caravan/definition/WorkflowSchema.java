package dev.caravan.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schema (draft 2020-12) of a workflow file, built here so that the parser and editors
 * check the same shape. Every property has a title and a description, which editors show as
 * completion help. {@code docs/workflow.schema.json} is this schema, written by {@link #main}.
 */
public final class WorkflowSchema {

    /** Where the schema is committed, relative to the project root. */
    public static final Path COMMITTED_FILE = Path.of("docs", "workflow.schema.json");

    /*
     * The longest texts a workflow may hold where they end up in a column of the database
     * (db/migration), so that a value too long for its column is an error at deploy, not a failure
     * of the deploy or of every run. In UTF-16 units, as H2 counts (PostgreSQL counts code points,
     * and the schema's maxLength too, which a text outside the Basic Multilingual Plane passes with
     * one unit too many per character: the binder counts again).
     */

    /** A workflow id: the workflow_id columns (200), and the correlation id of its events (200). */
    public static final int MAX_WORKFLOW_ID = 200;
    /** A workflow's name: runs.workflow_name and workflow_revisions.name (500). */
    public static final int MAX_NAME = 500;
    /** A workflow's version label: runs.version and workflow_revisions.version (100). */
    public static final int MAX_VERSION = 100;
    /**
     * Any other id: step ids, actions (a step's default id), agents, signals, trigger ids.
     * step_executions.step_id is 200 wide, but a step's key adds {@code [index]} for each enclosing
     * iteration (step_key, 500), the join and wait repositories key it with the run id and a
     * suffix (255), and a signal is waited for as {@code signal:<name>} (waiting_for, 200).
     */
    public static final int MAX_ID = 100;

    static final String ID_PATTERN = "^[A-Za-z][A-Za-z0-9_-]*$";
    static final String ID_EXPECTED = "expected an id: a letter, then letters, digits, _ or -";

    private static final Map<String, String> PATTERN_MEANINGS = Map.of(
            ID_PATTERN, ID_EXPECTED,
            DurationParser.PATTERN, DurationParser.EXPECTED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowSchema() {
    }

    /** The schema as pretty-printed JSON with a trailing newline, exactly as committed. */
    public static String json() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(tree()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    /** Writes the schema to {@code docs/workflow.schema.json}, or to the path given as first argument. */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : COMMITTED_FILE;
        Files.writeString(target, json(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target.toAbsolutePath());
    }

    /** What a failed {@code pattern} of this schema means, in plain words. */
    static Optional<String> meaningOf(String pattern) {
        return Optional.ofNullable(PATTERN_MEANINGS.get(pattern));
    }

    static ObjectNode tree() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://caravan.dev/schemas/workflow.schema.json");
        schema.put("title", "Caravan workflow");
        schema.put("description", "A workflow of steps that call agents: in order, in parallel, under conditions, in loops, on a schedule.");
        schema.put("type", "object");
        strict(schema, "name", "steps");
        ObjectNode properties = schema.putObject("properties");
        properties.set("id", ref("workflow_id", "Workflow id",
                "Optional. Defaults to the file name without extension, else a slug of name."));
        properties.set("name", text("Name", "Required. The human name of the workflow, at most " + MAX_NAME + " characters.")
                .put("maxLength", MAX_NAME));
        ObjectNode version = properties.putObject("version");
        version.set("type", JSON.createArrayNode().add("string").add("number"));
        described(version, "Version", "Optional label of at most " + MAX_VERSION
                + " characters, default 1.0.0. Changed content makes a new revision whatever the label.")
                .put("default", WorkflowDefinition.DEFAULT_VERSION).put("maxLength", MAX_VERSION);
        properties.set("description", described(type("string"), "Description", "Optional free text."));
        properties.set("schedule", text("Schedule",
                "Optional cron expression: 5 fields (minute hour day-of-month month day-of-week), like \"*/5 * * * *\", "
                        + "or a 6/7-field Quartz expression (seconds first). See docs/schedules.md."));
        properties.set("timezone", text("Time zone", "IANA time zone of the schedule, like Europe/Paris. Default UTC.")
                .put("default", "UTC"));
        properties.set("concurrency", concurrency());
        properties.set("catchup", described(JSON.createObjectNode(), "Catch-up",
                "With schedule: which fires missed while Caravan was down get a run at start-up: none, latest (one run "
                        + "for the latest missed fire) or all (one run per missed fire, at most 100). Default latest.")
                .put("default", "latest").set("enum", JSON.createArrayNode().add("none").add("latest").add("all")));
        properties.set("triggers", described(type("array"), "Triggers",
                "Optional. Camel endpoints whose messages each start a run, the message's JSON object as its params. "
                        + "Only the components Caravan allows (caravan.triggers.allowed) may be used.")
                .set("items", refTo("trigger")));
        properties.set("params", params("Params", "Default params of a run; a run's own params override them."));
        properties.set("steps", ref("steps", "Steps", "Required. The steps, at least one."));
        properties.set("error_handling", errorHandling());
        properties.set("timeout", ref("duration", "Run timeout", "Optional time limit of a whole run."));
        ObjectNode definitions = schema.putObject("$defs");
        definitions.set("id", described(type("string"), "Id",
                "A letter, then letters, digits, _ or -; at most " + MAX_ID + " characters.")
                .put("pattern", ID_PATTERN).put("maxLength", MAX_ID));
        definitions.set("workflow_id", described(type("string"), "Workflow id",
                "A letter, then letters, digits, _ or -; at most " + MAX_WORKFLOW_ID + " characters.")
                .put("pattern", ID_PATTERN).put("maxLength", MAX_WORKFLOW_ID));
        definitions.set("duration", described(type("string"), "Duration",
                "Like 500ms, 30s, 5m, 1h, 1d, 1h30m, or ISO-8601 like PT30S.").put("pattern", DurationParser.PATTERN));
        definitions.set("steps", described(type("array"), "Steps", "At least one step.")
                .put("minItems", 1).set("items", refTo("step")));
        definitions.set("step", WorkflowStepSchema.step());
        definitions.set("call", WorkflowStepSchema.call());
        definitions.set("retry", retry());
        definitions.set("hook", hook());
        definitions.set("trigger", trigger());
        return schema;
    }

    private static ObjectNode concurrency() {
        ObjectNode concurrency = described(type("object"), "Concurrency",
                "With schedule: how many scheduled runs may be queued or running at once, and what a fire beyond that does. "
                        + "Default { limit: 1, on_limit: skip }.");
        strict(concurrency);
        ObjectNode properties = concurrency.putObject("properties");
        properties.set("limit", described(type("integer"), "Limit", "Scheduled runs at once. Default 1.")
                .put("minimum", 1).put("default", 1));
        properties.set("on_limit", described(JSON.createObjectNode(), "On limit",
                "skip: no run for that fire (a workflow.run.skipped event says so); queue: a queued run that starts when an "
                        + "earlier one ends. Default skip.")
                .put("default", "skip").set("enum", JSON.createArrayNode().add("skip").add("queue")));
        return concurrency;
    }

    private static ObjectNode errorHandling() {
        ObjectNode handling = described(type("object"), "Error handling", "Workflow-wide retry and what runs once when a run fails.");
        strict(handling);
        ObjectNode properties = handling.putObject("properties");
        properties.set("retry", ref("retry", "Retry", "Default retry of every agent call. Without it, calls are not retried."));
        properties.set("on_failure", described(type("array"), "On failure", "Run in order, once, when a run fails.")
                .set("items", refTo("hook")));
        return handling;
    }

    private static ObjectNode retry() {
        ObjectNode retry = described(type("object"), "Retry",
                "How a failed call is tried again. Only transport errors, timeouts, HTTP 5xx and 429 are retried.");
        strict(retry);
        ObjectNode properties = retry.putObject("properties");
        properties.set("max_attempts", described(type("integer"), "Max attempts", "Attempts in all, the first included. Default 3.")
                .put("minimum", 1).put("default", 3));
        ArrayNode backoffs = JSON.createArrayNode().add("fixed").add("linear").add("exponential");
        properties.set("backoff", described(JSON.createObjectNode(), "Backoff", "How the delay grows between attempts. Default exponential.")
                .put("default", "exponential").set("enum", backoffs));
        properties.set("delay", ref("duration", "Delay", "The first delay between attempts. Default 1s.").put("default", "1s"));
        properties.set("max_delay", ref("duration", "Max delay", "The cap on any delay. Default 30s.").put("default", "30s"));
        properties.set("jitter", described(type("boolean"), "Jitter", "Spread delays at random so retries do not align. Default true.")
                .put("default", true));
        return retry;
    }

    private static ObjectNode hook() {
        ObjectNode hook = described(type("object"), "Failure hook",
                "Either agent + action (+ params) to call an agent, or notify: slack, or notify: webhook with url.");
        strict(hook);
        ObjectNode properties = hook.putObject("properties");
        properties.set("agent", ref("id", "Agent", "Agent to call when the run fails; needs action."));
        properties.set("action", ref("id", "Action", "Action to call on the agent."));
        properties.set("params", params("Params", "Params of the call; string values may hold ${...} templates."));
        properties.set("notify", described(JSON.createObjectNode(), "Notify",
                "slack posts to SLACK_WEBHOOK_URL; webhook posts to url.")
                .set("enum", JSON.createArrayNode().add("slack").add("webhook")));
        properties.set("url", text("URL", "The http or https URL notify: webhook posts to."));
        return hook;
    }

    private static ObjectNode trigger() {
        ObjectNode trigger = described(type("object"), "Trigger", "A Camel consumer endpoint; each message starts a run.");
        strict(trigger, "uri");
        ObjectNode properties = trigger.putObject("properties");
        properties.set("uri", text("URI",
                "Required. A Camel consumer URI, like spring-redis://redis:6379?channels=orders, file:orders or timer:tick?period=60000."));
        properties.set("id", ref("id", "Trigger id", "Optional. Names the trigger's route <workflow>.trigger.<id>; default its position, 1 first."));
        return trigger;
    }

    static ObjectNode params(String title, String description) {
        return described(type("object"), title, description);
    }

    static ObjectNode text(String title, String description) {
        return described(type("string"), title, description).put("minLength", 1);
    }

    static ObjectNode ref(String definition, String title, String description) {
        return described(refTo(definition), title, description);
    }

    static ObjectNode refTo(String definition) {
        return JSON.createObjectNode().put("$ref", "#/$defs/" + definition);
    }

    static ObjectNode type(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    static ObjectNode described(ObjectNode node, String title, String description) {
        return node.put("title", title).put("description", description);
    }

    /** No key beyond the declared properties: a typo is an error, not a silently ignored key. */
    static ObjectNode strict(ObjectNode object, String... required) {
        object.put("additionalProperties", false);
        if (required.length > 0) {
            ArrayNode names = object.putArray("required");
            for (String name : required) {
                names.add(name);
            }
        }
        return object;
    }
}
