package dev.caravan.schedule;

import dev.caravan.event.EventBus;
import dev.caravan.run.WorkflowCatalog;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts queued scheduled runs and backfill runs whose turn has come (bean {@code caravanScheduleSweep}):
 * on the timer of {@code routes/schedules.yaml}, for runs that ended on other nodes, and at once
 * when a run ends on this node. Nothing is started before {@link ScheduleStartup} says Caravan is ready.
 */
@Component("caravanScheduleSweep")
public class ScheduleSweep {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSweep.class);

    private final WorkflowCatalog catalog;
    private final ScheduledRuns runs;
    private final Backfills backfills;
    private final AtomicBoolean ready = new AtomicBoolean();

    ScheduleSweep(WorkflowCatalog catalog, ScheduledRuns runs, Backfills backfills, EventBus events) {
        this.catalog = catalog;
        this.runs = runs;
        this.backfills = backfills;
        events.onEvent("workflow.execution.completed", event -> {
            Object workflow = event.data().get("workflow");
            if (workflow != null) {
                Thread.ofVirtual().name("schedule-sweep-" + workflow).start(() -> sweep(workflow.toString()));
            }
        });
    }

    void ready() {
        ready.set(true);
    }

    /** Every scheduled workflow and every backfill. */
    public void sweep() {
        if (!ready.get()) {
            return;
        }
        catalog.all().stream().filter(workflow -> workflow.definition().schedule() != null)
                .forEach(workflow -> sweep(workflow.workflowId()));
        backfills.paceAll();
    }

    private void sweep(String workflowId) {
        boolean scheduled = catalog.latest(workflowId).map(workflow -> workflow.definition().schedule() != null)
                .orElse(false);
        // only a scheduled workflow has queued scheduled runs or backfills that may start
        if (!ready.get() || !scheduled) {
            return;
        }
        try {
            runs.sweep(workflowId);
            backfills.pace(workflowId);
        } catch (RuntimeException e) {
            // the database may be away for a moment: the next sweep tries again
            LOG.warn("Could not start the queued runs of {}: {}", workflowId, e.getMessage());
        }
    }
}
