package dev.caravan.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Schedules fired by the real Quartz on the test database: a per-second Quartz expression starts
 * runs carrying their fire's scheduled time; fires while a run goes are skipped or queued as the
 * workflow says; a new revision reschedules; an undeploy unschedules.
 */
class ScheduleIT extends ScheduleTesting {

    private static final String EVERY_SECOND = "schedule: \"* * * * * ?\"";

    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    private Scheduler quartz;

    @Test
    void theContinuousMonitoringSeedIsScheduledEveryFiveMinutesOutOfTheBox() throws SchedulerException {
        CronTrigger trigger = (CronTrigger) quartz.getTrigger(ScheduleRoutes.triggerKey("continuous-monitoring"));

        assertThat(trigger.getCronExpression()).isEqualTo("0 */5 * * * ?");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("UTC");
        assertThat(Duration.between(Instant.now(), trigger.getNextFireTime().toInstant()))
                .isBetween(Duration.ZERO, Duration.ofMinutes(5));
        assertThat(quartz.isStarted()).isTrue();
        assertThat(quartz.getMetaData().isJobStoreClustered()).isTrue();
    }

    @Test
    void aPerSecondScheduleStartsOneRunPerFireWithItsScheduledTime() {
        String workflow = deploy(scheduled("every-second", EVERY_SECOND, "tick"));

        await().atMost(WAIT).until(() -> runs(workflow, "success").size() >= 3);
        undeploy(workflow);
        awaitAllEnded(workflow);

        List<JsonNode> runs = runs(workflow);
        Set<Instant> scheduledTimes = scheduledTimes(workflow);
        assertThat(scheduledTimes).as("one run per fire time").hasSize(runs.size());
        assertThat(scheduledTimes).allSatisfy(time -> assertThat(time.getNano()).isZero());
        assertSucceededOrCancelledByUndeploy(workflow);
        JsonNode first = run(runs.getLast().get("workflowId").asText());
        Instant scheduled = Instant.parse(first.get("params").get("scheduled_time").asText());
        assertThat(Duration.between(scheduled, Instant.parse(first.get("startTime").asText())))
                .as("a run starts at its fire").isBetween(Duration.ZERO, Duration.ofSeconds(5));
    }

    @Test
    void anUndeployedWorkflowFiresNoMore() {
        String workflow = deploy(scheduled("stops-firing", EVERY_SECOND, "tick"));
        await().atMost(WAIT).until(() -> !runs(workflow).isEmpty());

        undeploy(workflow);
        awaitAllEnded(workflow);
        int runsAtUndeploy = runs(workflow).size();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> runs(workflow).size() == runsAtUndeploy);
    }

    @Test
    void firesWhileARunGoesAreSkippedWithAnEvent() {
        STUB.always("slow", "long_skip", Reply.success(Map.of()).after(Duration.ofMillis(2500)));
        String workflow = deploy(scheduled("skips-overlaps", EVERY_SECOND, "long_skip"));

        await().atMost(WAIT).until(() -> runs(workflow, "success").size() >= 2
                && events("workflow.run.skipped", workflow).size() >= 2);
        undeploy(workflow);
        awaitAllEnded(workflow);

        assertThat(StubAgent.gaps(STUB.requests("slow", "long_skip")))
                .as("no call starts while the previous one is going").allSatisfy(gap ->
                        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(2400)));
        Set<Instant> ran = scheduledTimes(workflow);
        List<JsonNode> skipped = events("workflow.run.skipped", workflow);
        assertThat(skipped).allSatisfy(event -> {
            assertThat(event.get("data").get("workflow").asText()).isEqualTo(workflow);
            assertThat(ran).doesNotContain(Instant.parse(event.get("data").get("scheduled_time").asText()));
        });
        // read again until both are read between two skips: a fire may still be ending as the schedule goes
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT fire_time FROM schedule_fires WHERE workflow_id = ? AND outcome = 'SKIPPED'",
                java.sql.Timestamp.class, workflow)).map(java.sql.Timestamp::toInstant)
                .as("each skipped fire's record has its event, and no event lacks its record")
                .containsExactlyInAnyOrderElementsOf(events("workflow.run.skipped", workflow).stream()
                        .map(event -> Instant.parse(event.get("data").get("scheduled_time").asText())).toList()));
        assertSucceededOrCancelledByUndeploy(workflow);
        assertThat(STUB.requests("slow", "long_skip")).as("one call per run that started")
                .hasSize(runs(workflow, "success").size());
    }

    @Test
    void firesWhileARunGoesQueueAndRunOneAfterAnother() {
        // a run takes 2.5 fires: the queue grows, and with two queued at the undeploy one is still
        // queued even if the other starts between the look and the undeploy (CI saw that race)
        STUB.always("slow", "long_queue", Reply.success(Map.of()).after(Duration.ofMillis(2500)));
        String workflow = deploy(scheduled("queues-overlaps",
                EVERY_SECOND + "\nconcurrency: { limit: 1, on_limit: queue }", "long_queue"));

        await().atMost(WAIT).until(() -> runs(workflow, "success").size() >= 2 && runs(workflow, "queued").size() >= 2);
        undeploy(workflow);
        awaitAllEnded(workflow);

        assertThat(StubAgent.gaps(STUB.requests("slow", "long_queue")))
                .as("each queued run starts after the one before it ended").allSatisfy(gap ->
                        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(2450)));
        assertThat(events("workflow.run.skipped", workflow)).isEmpty();
        List<JsonNode> runs = runs(workflow);
        assertSucceededOrCancelledByUndeploy(workflow);
        assertThat(runs(workflow, "cancelled")).as("queued runs that never started go with the schedule").isNotEmpty();
        assertThat(scheduledTimes(workflow)).hasSize(runs.size());
    }

    @Test
    void aNewRevisionReschedules() {
        String workflow = deploy(scheduled("rescheduled", "schedule: \"0 0 0 1 1 ? 2099\"", "tick"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> runs(workflow).isEmpty());

        deploy(scheduled("rescheduled", EVERY_SECOND, "tick"));

        await().atMost(WAIT).until(() -> runs(workflow, "success").size() >= 2);
        undeploy(workflow);
        awaitAllEnded(workflow);
        assertThat(runs(workflow)).allSatisfy(run -> assertThat(run.get("revision").asInt()).isEqualTo(2));
        assertSucceededOrCancelledByUndeploy(workflow);
    }
}
