package dev.caravan.schedule;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.ScheduleDefinition;
import dev.caravan.run.WorkflowCatalog;
import java.time.Clock;
import java.time.Instant;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts schedules once Caravan is ready: Camel's routes are up, the stored workflows loaded and the
 * runs in flight resumed ({@code CaravanStartup}). Quartz is not started with the Spring context
 * ({@code spring.quartz.auto-startup: false}) so that no fire comes before that (STACK.md trap 4).
 *
 * <p>First the fires missed while Caravan was down are caught up, each workflow as its
 * {@code catchup:} says. A fire is missed when it is later than the misfire threshold: Quartz does
 * not fire those (the schedule route's misfire instruction is "do nothing"), and fires it still
 * fires are not counted as missed, so the two never both start a run for one fire; and were they
 * to meet on one fire time, its row in {@code schedule_fires} lets only one start a run.
 */
@Component
class ScheduleStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleStartup.class);

    private final WorkflowCatalog catalog;
    private final ScheduleStore store;
    private final ScheduledRuns runs;
    private final ScheduleSweep sweep;
    private final Scheduler scheduler;
    private final ScheduleProperties settings;
    private final Clock clock;

    ScheduleStartup(WorkflowCatalog catalog, ScheduleStore store, ScheduledRuns runs, ScheduleSweep sweep,
            Scheduler scheduler, ScheduleProperties settings, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.runs = runs;
        this.sweep = sweep;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws SchedulerException {
        Instant missedUntil = clock.instant().minus(settings.misfireThreshold());
        for (CompiledWorkflow workflow : catalog.all()) {
            if (workflow.definition().schedule() != null) {
                try {
                    catchUp(workflow.workflowId(), workflow.definition().schedule(), missedUntil);
                } catch (RuntimeException e) {
                    LOG.error("Could not catch up the missed fires of {}: {}", workflow.workflowId(), e.getMessage(), e);
                }
            }
        }
        sweep.ready();
        scheduler.start();
        LOG.info("Schedules started: Quartz scheduler {} ({})", scheduler.getSchedulerName(),
                scheduler.getSchedulerInstanceId());
    }

    void catchUp(String workflowId, ScheduleDefinition schedule, Instant missedUntil) {
        Instant since = store.scheduledSince(workflowId).orElse(missedUntil);
        Instant lastFire = store.lastFire(workflowId).filter(last -> last.isAfter(since)).orElse(since);
        MissedFires missed = MissedFires.of(schedule.quartzCron(), schedule.timezone(), lastFire, missedUntil,
                schedule.catchup());
        if (missed.total() == 0) {
            return;
        }
        if (schedule.catchup() == ScheduleDefinition.Catchup.ALL && missed.total() > MissedFires.ALL_CAP) {
            LOG.warn("Workflow {} missed {} fires while Caravan was down; catchup: all runs the latest {} of them",
                    workflowId, missed.total(), MissedFires.ALL_CAP);
        }
        LOG.info("Workflow {} missed {} fires after {}; catchup: {} runs {}", workflowId, missed.total(), lastFire,
                schedule.catchup().name().toLowerCase(java.util.Locale.ROOT), missed.kept());
        missed.kept().forEach(fireTime -> runs.fire(workflowId, fireTime));
    }
}
