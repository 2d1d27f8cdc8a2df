package dev.caravan.schedule;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.ScheduleDefinition;
import dev.caravan.run.WorkflowCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
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
 * {@code catchup:} says: the fires after the last one recorded (or after the workflow got its
 * schedule) up to now. Then a trigger left overdue (no node fired it: the whole cluster was down) is
 * re-armed from the next second, so that Quartz fires nothing of the past and catch-up alone
 * decides about it. Were the two ever to meet on one fire time, its row in {@code schedule_fires}
 * lets only one start a run.
 */
@Component
class ScheduleStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleStartup.class);

    private final WorkflowCatalog catalog;
    private final ScheduleStore store;
    private final ScheduledRuns runs;
    private final ScheduleSweep sweep;
    private final Scheduler scheduler;
    private final Clock clock;

    ScheduleStartup(WorkflowCatalog catalog, ScheduleStore store, ScheduledRuns runs, ScheduleSweep sweep,
            Scheduler scheduler, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.runs = runs;
        this.sweep = sweep;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws SchedulerException {
        start(clock.instant());
    }

    /** Catches up the fires missed up to {@code now}, then starts Quartz (or takes it out of standby). */
    void start(Instant now) throws SchedulerException {
        for (CompiledWorkflow workflow : catalog.all()) {
            if (workflow.definition().schedule() != null) {
                try {
                    catchUp(workflow.workflowId(), workflow.definition().schedule(), now);
                    rearmIfOverdue(workflow.workflowId(), now);
                } catch (SchedulerException | RuntimeException e) {
                    LOG.error("Could not catch up the missed fires of {}: {}", workflow.workflowId(), e.getMessage(), e);
                }
            }
        }
        sweep.ready();
        scheduler.start();
        LOG.info("Schedules started: Quartz scheduler {} ({})", scheduler.getSchedulerName(),
                scheduler.getSchedulerInstanceId());
    }

    private void rearmIfOverdue(String workflowId, Instant now) throws SchedulerException {
        TriggerKey key = ScheduleRoutes.triggerKey(workflowId);
        Trigger trigger = scheduler.getTrigger(key);
        if (trigger != null && trigger.getNextFireTime() != null && trigger.getNextFireTime().toInstant().isBefore(now)) {
            Date nextSecond = Date.from(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
            scheduler.rescheduleJob(key, trigger.getTriggerBuilder().startAt(nextSecond).build());
        }
    }

    private void catchUp(String workflowId, ScheduleDefinition schedule, Instant missedUntil) {
        Instant since = store.scheduledSince(workflowId).orElse(missedUntil);
        Instant lastFire = store.lastFire(workflowId).filter(last -> last.isAfter(since)).orElse(since);
        MissedFires missed = MissedFires.of(schedule.quartzCron(), schedule.timezone(), lastFire, missedUntil,
                schedule.catchup());
        if (missed.total() == 0) {
            return;
        }
        String howMany = (missed.totalIsAtLeast() ? "at least " : "") + missed.total();
        if (schedule.catchup() == ScheduleDefinition.Catchup.ALL && missed.total() > MissedFires.ALL_CAP) {
            LOG.warn("Workflow {} missed {} fires while Caravan was down; catchup: all runs the latest {} of them",
                    workflowId, howMany, MissedFires.ALL_CAP);
        }
        LOG.info("Workflow {} missed {} fires after {}; catchup: {} runs {}", workflowId, howMany, lastFire,
                schedule.catchup().name().toLowerCase(java.util.Locale.ROOT), missed.kept());
        missed.kept().forEach(fireTime -> runs.fire(workflowId, fireTime));
    }
}
