package dev.caravan.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Fires missed while schedules were stopped, caught up as each workflow's {@code catchup:} says.
 *
 * <p>The downtime is simulated in one process: Quartz is put in standby (no node fires, as when
 * the whole cluster is down), then started again through the same start-up step Caravan runs when
 * it is ready ({@link ScheduleStartup}). What that step reads is what a real restart leaves: the
 * last fire recorded in the database and the trigger overdue in Quartz's tables. A restart of the
 * process itself is {@code packaging/ScheduleRestartIT}'s.
 */
class ScheduleCatchupIT extends ScheduleTesting {

    @Autowired
    private Scheduler scheduler;
    @Autowired
    private ScheduleStartup startup;

    @AfterEach
    void quartzRuns() throws SchedulerException {
        if (scheduler.isInStandbyMode()) {
            scheduler.start();
        }
    }

    @Test
    void latestRunsOnceForTheLatestMissedFire() throws Exception {
        String workflow = deploy(scheduled("catchup-latest", "schedule: \"* * * * * ?\"\ncatchup: latest", "tick"));

        Downtime downtime = stopSchedulesAfterARun(workflow);

        assertThat(firesDuring(workflow, downtime)).containsExactly(downtime.restartedAt().truncatedTo(ChronoUnit.SECONDS));
        awaitFiringAgainAfter(workflow, downtime);
        undeploy(workflow);
    }

    @Test
    void noneRunsNothingForTheMissedFires() throws Exception {
        String workflow = deploy(scheduled("catchup-none", "schedule: \"* * * * * ?\"\ncatchup: none", "tick"));

        Downtime downtime = stopSchedulesAfterARun(workflow);

        awaitFiringAgainAfter(workflow, downtime);
        assertThat(firesDuring(workflow, downtime)).isEmpty();
        undeploy(workflow);
    }

    private record Downtime(Instant lastFireBefore, Instant restartedAt) {
    }

    /** Lets the schedule fire, stops Quartz for 4 seconds of fires, then starts schedules as at start-up. */
    private Downtime stopSchedulesAfterARun(String workflow) throws Exception {
        await().atMost(WAIT).until(() -> !runs(workflow, "success").isEmpty());
        scheduler.standby();
        Thread.sleep(1500); // a fire under way when Quartz stopped is recorded by now
        Instant lastFireBefore = scheduledTimes(workflow).stream().max(Instant::compareTo).orElseThrow();
        Thread.sleep(4000);
        Instant restartedAt = Instant.now();
        startup.start(restartedAt);
        return new Downtime(lastFireBefore, restartedAt);
    }

    /** The scheduled times of runs for fires after the last one before the stop, up to the restart. */
    private Set<Instant> firesDuring(String workflow, Downtime downtime) {
        await().atMost(WAIT).until(() -> scheduledTimes(workflow).stream().anyMatch(time -> time.isAfter(downtime.restartedAt())));
        return scheduledTimes(workflow).stream()
                .filter(time -> time.isAfter(downtime.lastFireBefore()) && !time.isAfter(downtime.restartedAt()))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    private void awaitFiringAgainAfter(String workflow, Downtime downtime) {
        await().atMost(WAIT).pollDelay(Duration.ofSeconds(1)).until(() -> scheduledTimes(workflow).stream()
                .anyMatch(time -> time.isAfter(downtime.restartedAt())));
    }
}
