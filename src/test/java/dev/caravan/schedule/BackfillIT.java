package dev.caravan.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/**
 * Backfills through the API: one run per fire time of the schedule in the range, exactly; at most
 * max_parallel at a time; cancelled as a group; bad requests answered with problem+json. The
 * schedules are limited to 2025 so that they never fire by themselves during the test.
 */
class BackfillIT extends ScheduleTesting {

    private static final String EVERY_FIVE_MINUTES_OF_2025 = "schedule: \"0 */5 * * * ? 2025\"";

    @Test
    void aRangeRunsExactlyItsFireTimesAtMostMaxParallelAtATime() {
        Duration callTime = Duration.ofMillis(400);
        STUB.always("slow", "backfill_work", Reply.success(Map.of()).after(callTime));
        String workflow = deploy(scheduled("backfilled", EVERY_FIVE_MINUTES_OF_2025, "backfill_work"));

        HttpResponse<String> accepted = backfill(workflow, "2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z", 2);

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode backfill = json(accepted);
        assertThat(backfill.get("fireTimes").asInt()).isEqualTo(13);
        String self = backfill.get("links").get("self").asText();
        await().atMost(WAIT).until(() -> json(get(self)).get("runs").path("success").asInt() == 13);
        List<Instant> expected = IntStream.rangeClosed(0, 12)
                .mapToObj(i -> Instant.parse("2025-03-01T00:00:00Z").plus(Duration.ofMinutes(5L * i))).toList();
        assertThat(scheduledTimes(workflow)).containsExactlyElementsOf(expected);
        assertThat(mostCallsAtOnce(STUB.requests("slow", "backfill_work"), callTime)).isEqualTo(2);
        undeploy(workflow);
    }

    @Test
    void aCancelledBackfillStartsNoMoreRunsAndCancelsTheRunningOne() {
        STUB.always("slow", "backfill_slow", Reply.success(Map.of()).after(Duration.ofSeconds(2)));
        String workflow = deploy(scheduled("backfill-cancelled", EVERY_FIVE_MINUTES_OF_2025, "backfill_slow"));
        String self = json(backfill(workflow, "2025-03-01T00:00:00Z", "2025-03-01T00:45:00Z", 1))
                .get("links").get("self").asText();
        await().atMost(WAIT).until(() -> !STUB.requests("slow", "backfill_slow").isEmpty());

        HttpResponse<String> cancelled = post(self + "/cancel", "application/json", "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("cancelled").asBoolean()).isTrue();
        awaitAllEnded(workflow);
        JsonNode runs = json(get(self)).get("runs");
        assertThat(runs.path("cancelled").asInt()).isEqualTo(10);
        assertThat(runs.size()).as("every run cancelled, the running one included").isEqualTo(1);
        assertThat(STUB.requests("slow", "backfill_slow")).hasSize(1);
        undeploy(workflow);
    }

    @Test
    void anUndeployCancelsTheQueuedRunsOfItsBackfillsAndLetsTheRunningOneFinish() {
        STUB.always("slow", "backfill_undeployed", Reply.success(Map.of()).after(Duration.ofSeconds(2)));
        String workflow = deploy(scheduled("backfill-undeployed", EVERY_FIVE_MINUTES_OF_2025, "backfill_undeployed"));
        String self = json(backfill(workflow, "2025-03-01T00:00:00Z", "2025-03-01T00:20:00Z", 1))
                .get("links").get("self").asText();
        await().atMost(WAIT).until(() -> !STUB.requests("slow", "backfill_undeployed").isEmpty());

        undeploy(workflow);

        awaitAllEnded(workflow);
        assertThat(runs(workflow, "success")).as("the run in flight finished").hasSize(1);
        assertThat(runs(workflow, "cancelled")).hasSize(4).allSatisfy(run -> assertThat(run.get("error").asText())
                .isEqualTo("cancelled before its turn: the workflow's schedule was removed"));
        assertThat(STUB.requests("slow", "backfill_undeployed")).hasSize(1);
    }

    @Test
    void badRequestsAreProblems() {
        String workflow = deploy(scheduled("backfill-refusals", EVERY_FIVE_MINUTES_OF_2025, "tick"));
        String unscheduled = deploy("""
                id: backfill-unscheduled
                name: Not scheduled
                steps:
                  - agent: slow
                    action: tick
                """);

        assertProblem(backfill(workflow, "2025-03-01T01:00:00Z", "2025-03-01T00:00:00Z", 2), 400,
                "from must be before to, and 2025-03-01T01:00:00Z is not before 2025-03-01T00:00:00Z");
        assertProblem(backfill(workflow, "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", 2), 400,
                "the range has more than 1000 fire times of 0 */5 * * * ? 2025; backfill it in parts");
        assertProblem(backfill(workflow, "2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z", 51), 400,
                "max_parallel must be from 1 to 50, not 51");
        // Instant reads years to 10⁹, beyond what Java's dates hold: it was "java.lang.ArithmeticException: long overflow"
        assertProblem(backfill(workflow, "-1000000000-01-01T00:00:00Z", "2025-03-01T01:00:00Z", 2), 400,
                "from must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, not -1000000000-01-01T00:00:00Z");
        assertProblem(backfill(workflow, "2025-03-01T01:00:00Z", "+1000000000-01-01T00:00:00Z", 2), 400,
                "to must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, not +1000000000-01-01T00:00:00Z");
        // Quartz computes fire times from 1970 to 100 years after this year, in the schedule's zone (UTC here)
        int lastYear = CronExpression.MAX_YEAR;
        String range = "from and to must lie in the years 1970 to " + lastYear + " of the schedule's time zone, UTC: "
                + "no fire time is computed outside them (from 1970-01-01T00:00:00Z, before " + (lastYear + 1)
                + "-01-01T00:00:00Z); ";
        assertProblem(backfill(workflow, "1969-12-31T23:00:00Z", "1970-01-01T01:00:00Z", 2), 400,
                range + "from was 1969-12-31T23:00:00Z");
        assertProblem(backfill(workflow, "2025-03-01T00:00:00Z", (lastYear + 1) + "-01-01T00:00:00Z", 2), 400,
                range + "to was " + (lastYear + 1) + "-01-01T00:00:00Z");
        assertProblem(backfill(workflow, "yesterday", "2025-03-01T01:00:00Z", 2), 400,
                "from 'yesterday' is not an ISO-8601 instant like 2026-01-01T00:00:00Z");
        assertProblem(backfill(unscheduled, "2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z", 2), 409,
                "workflow backfill-unscheduled has no schedule: to backfill; a backfill runs it once per fire time of its schedule");
        assertProblem(backfill("no-such-workflow", "2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z", 2), 404,
                "no workflow 'no-such-workflow' is deployed");
        assertProblem(get("/api/definitions/" + workflow + "/backfill/nope"), 404,
                "workflow backfill-refusals has no backfill nope");
        assertThat(runs(workflow)).isEmpty();
        undeploy(workflow);
        undeploy(unscheduled);
    }

    private HttpResponse<String> backfill(String workflow, String from, String to, int maxParallel) {
        String body = """
                {"from": "%s", "to": "%s", "max_parallel": %d}""".formatted(from, to, maxParallel);
        return post("/api/definitions/" + workflow + "/backfill", "application/json", body);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").asText()).isEqualTo(detail);
    }

    /** The most calls in progress at one moment, each taking {@code callTime} from its arrival. */
    private static int mostCallsAtOnce(List<StubAgent.Request> calls, Duration callTime) {
        List<Instant> arrivals = new ArrayList<>(calls.stream().map(StubAgent.Request::at).sorted().toList());
        int most = 0;
        for (Instant arrival : arrivals) {
            int atOnce = (int) arrivals.stream()
                    .filter(other -> !other.isAfter(arrival) && other.plus(callTime).isAfter(arrival)).count();
            most = Math.max(most, atOnce);
        }
        return most;
    }
}
