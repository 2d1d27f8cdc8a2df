package dev.caravan.trigger;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.event.EventBus;
import dev.caravan.run.RunLauncher;
import dev.caravan.run.WorkflowCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a trigger route does with each message (bean {@code caravanTriggers}): starts a run of the
 * workflow's current revision with the message's JSON object as params, and publishes
 * {@code workflow.triggered} under the run's id, so the run can be traced to its trigger. A
 * message that starts no run is never dropped silently: it is published as
 * {@code workflow.trigger.rejected} with the reason, logged, reported beside the file for a file,
 * and fails the exchange.
 */
@Component("caravanTriggers")
public class TriggerMessages {

    static final String TRIGGERED = "workflow.triggered";
    static final String REJECTED = "workflow.trigger.rejected";

    private static final Logger LOG = LoggerFactory.getLogger(TriggerMessages.class);
    private static final String REDIS_CHANNEL = "CamelRedis.Channel";

    private final WorkflowCatalog catalog;
    private final RunLauncher launcher;
    private final EventBus events;
    private final Clock clock;

    public TriggerMessages(WorkflowCatalog catalog, RunLauncher launcher, EventBus events, Clock clock) {
        this.catalog = catalog;
        this.launcher = launcher;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts a run for the message, or rejects it.
     *
     * @throws TriggerRejectedException when the message started no run
     */
    public void start(Exchange exchange, String workflowId, String triggerId) {
        Map<String, Object> about = about(exchange, workflowId, triggerId);
        String runId;
        try {
            Map<String, Object> params = TriggerBody.params(exchange.getMessage().getBody(String.class));
            // the current revision, looked up without the catalog's lock: a deploy holding it may be
            // waiting for this very message to finish before it replaces the trigger's route
            CompiledWorkflow workflow = catalog.latest(workflowId).orElseThrow(() ->
                    new TriggerRejectedException("workflow " + workflowId + " is not deployed"));
            about.put("revision", workflow.revision());
            // the run and its event in one commit: a crash keeps both or neither
            runId = launcher.start(workflow, params, newRunId -> {
                Map<String, Object> data = new LinkedHashMap<>(about);
                data.put("runId", newRunId);
                return events.report(TRIGGERED, newRunId, data);
            }).runId();
        } catch (TriggerRejectedException rejected) {
            throw reject(exchange, about, rejected.getMessage());
        } catch (RuntimeException failed) {
            throw reject(exchange, about, "the run could not be started: " + failed.getMessage());
        }
        LOG.debug("Trigger {} of {} started run {}", triggerId, workflowId, runId);
    }

    private TriggerRejectedException reject(Exchange exchange, Map<String, Object> about, String reason) {
        String what = "trigger " + about.get("trigger") + " of workflow " + about.get("workflow");
        Instant now = clock.instant();
        about.put("reason", reason);
        try {
            Path report = RejectionReport.writeFor(exchange, what, reason, now);
            if (report != null) {
                about.put("report", report.toString());
            }
        } catch (IOException e) {
            LOG.warn("Could not write why {} rejected {}: {}", what, about.get("file"), e.getMessage());
        }
        events.publish(REJECTED, (String) about.get("workflow"), about);
        LOG.warn("{} rejected a message: {}", what, reason);
        return new TriggerRejectedException(reason);
    }

    /** The trigger, and where the message came from when the consumer says: the file or the channel. */
    private static Map<String, Object> about(Exchange exchange, String workflowId, String triggerId) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("workflow", workflowId);
        about.put("trigger", triggerId);
        about.put("route", exchange.getFromRouteId());
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (file != null) {
            about.put("file", file);
        }
        String channel = exchange.getMessage().getHeader(REDIS_CHANNEL, String.class);
        if (channel != null) {
            about.put("channel", channel);
        }
        return about;
    }
}
