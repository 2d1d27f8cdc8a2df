package dev.caravan.schedule;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.ScheduleDefinition;
import dev.caravan.run.WorkflowLifecycle;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each workflow's schedule on its current revision: one route {@code caravan.schedule.<id>}
 * from the {@code workflow-schedule} template ({@code routes/templates/schedule.yaml}) whose Quartz
 * trigger is {@code caravan.<id>}. A new revision replaces the route, and the trigger when the cron
 * or the zone changed; a workflow removed, or a revision without {@code schedule:}, loses its route
 * and its trigger. Runs in flight are not touched; queued runs that never started (scheduled or of a
 * backfill) are cancelled.
 *
 * <p>Told by the catalog while a deploy holds the catalog's lock, this class never needs that lock:
 * its own monitor guards its map, and a fire waiting for the catalog would never be waited for here.
 */
@Component
class ScheduleRoutes implements WorkflowLifecycle {

    static final String TEMPLATE = "workflow-schedule";
    static final String TRIGGER_GROUP = "caravan";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRoutes.class);

    private final CamelContext camel;
    private final Scheduler scheduler;
    private final ScheduleStore store;
    private final ScheduledRuns runs;
    private final Backfills backfills;
    private final Clock clock;
    /** The schedule each workflow's route was made from. */
    private final Map<String, ScheduleDefinition> scheduled = new ConcurrentHashMap<>();

    ScheduleRoutes(CamelContext camel, Scheduler scheduler, ScheduleStore store, ScheduledRuns runs, Backfills backfills,
            Clock clock) {
        this.camel = camel;
        this.scheduler = scheduler;
        this.store = store;
        this.runs = runs;
        this.backfills = backfills;
        this.clock = clock;
    }

    static String routeId(String workflowId) {
        return "caravan.schedule." + workflowId;
    }

    static TriggerKey triggerKey(String workflowId) {
        return TriggerKey.triggerKey(workflowId, TRIGGER_GROUP);
    }

    @Override
    public synchronized void currentRevision(CompiledWorkflow workflow, boolean deployed) {
        String workflowId = workflow.workflowId();
        ScheduleDefinition schedule = workflow.definition().schedule();
        if (schedule == null) {
            if (scheduled.containsKey(workflowId) || (deployed && triggerExists(workflowId))) {
                unschedule(workflowId);
            }
            return;
        }
        removeRoute(workflowId);
        String quartzCron = schedule.quartzCron();
        try {
            dropTriggerIfChanged(workflowId, quartzCron, schedule.timezone());
            store.register(workflowId, clock.instant());
            TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId(workflowId))
                    .parameter("workflow", workflowId)
                    .parameter("revision", Integer.toString(workflow.revision()))
                    .parameter("cron", quartzCron.replace(' ', '+'))
                    .parameter("timezone", schedule.timezone())
                    .add();
            scheduled.put(workflowId, schedule);
            LOG.info("Workflow {} revision {} is scheduled: {} ({} in Quartz) in {}", workflowId, workflow.revision(),
                    schedule.cron(), quartzCron, schedule.timezone());
        } catch (Exception e) {
            removeRoute(workflowId);
            scheduled.remove(workflowId);
            LOG.error("The schedule of workflow {} could not be set: {}", workflowId, e.getMessage(), e);
        }
    }

    @Override
    public synchronized void workflowRemoved(String workflowId) {
        unschedule(workflowId);
    }

    private void unschedule(String workflowId) {
        removeRoute(workflowId);
        scheduled.remove(workflowId);
        try {
            if (scheduler.unscheduleJob(triggerKey(workflowId))) {
                LOG.info("Workflow {} is not scheduled any more", workflowId);
            }
            store.unregister(workflowId);
            runs.cancelWaiting(workflowId);
            backfills.cancelQueuedOf(workflowId);
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("The schedule of workflow {} could not be removed: {}", workflowId, e.getMessage(), e);
        }
    }

    /** Whether Quartz has a trigger for the workflow, as after a restart when an earlier revision had a schedule. */
    private boolean triggerExists(String workflowId) {
        try {
            return scheduler.checkExists(triggerKey(workflowId));
        } catch (SchedulerException e) {
            LOG.warn("Could not tell whether workflow {} has a Quartz trigger: {}", workflowId, e.getMessage());
            return false;
        }
    }

    /**
     * camel-quartz reschedules a stored trigger when its cron changed, not when only its zone did:
     * dropping the trigger makes the route schedule it afresh in both cases.
     */
    private void dropTriggerIfChanged(String workflowId, String quartzCron, String timezone) throws SchedulerException {
        Trigger stored = scheduler.getTrigger(triggerKey(workflowId));
        if (stored instanceof CronTrigger cron
                && !(cron.getCronExpression().equals(quartzCron) && cron.getTimeZone().getID().equals(timezone))) {
            scheduler.unscheduleJob(triggerKey(workflowId));
        }
    }

    private void removeRoute(String workflowId) {
        String routeId = routeId(workflowId);
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            LOG.warn("Could not remove schedule route {}: {}", routeId, e.getMessage());
        }
    }
}
