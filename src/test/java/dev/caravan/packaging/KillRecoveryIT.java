package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.StubAgent.Reply;
import dev.caravan.testing.StubAgent.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Caravan on PostgreSQL, killed with SIGKILL while runs are in flight against a slow real HTTP
 * agent: started again, or with a second node on the same database, every run finishes in success,
 * and each step's Idempotency-Key was called at most once, except a call in flight at the kill,
 * which is called again with its key. No step runs on two nodes.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class KillRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = 6;

    @Test
    void runsInFlightAtAKillFinishAfterTheRestartWithoutRepeatingCompletedSteps() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            agent.always("slowpoke", "work", Reply.success(Map.of("done", true)).after(Duration.ofMillis(400)));
            Map<String, String> settings = settings(agent);
            List<String> runIds = new ArrayList<>();
            Instant killedAt;
            try (CaravanProcess caravan = new CaravanProcess(settings).start()) {
                for (int i = 0; i < RUNS; i++) {
                    JsonNode accepted = JSON.readTree(caravan.postJson("/api/workflows/execute",
                            "{\"workflow\": \"three-slow-steps\", \"params\": {\"n\": " + i + "}}").body());
                    runIds.add(accepted.get("workflowId").asText());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.requests("slowpoke", "work").size() >= RUNS + 2);
                caravan.kill();
                killedAt = Instant.now();
            }
            int seenBeforeKill = agent.requests("slowpoke", "work").size();
            assertThat(seenBeforeKill).as("the kill came mid-run").isLessThan(RUNS * 3);

            try (CaravanProcess restarted = new CaravanProcess(settings).start()) {
                for (String runId : runIds) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode run = JSON.readTree(restarted.get("/api/workflows/" + runId).body());
                        assertThat(run.get("status").asText()).as(restarted.logTail()).isEqualTo("success");
                        assertThat(run.get("metrics").get("successfulSteps").asInt()).isEqualTo(3);
                    });
                }
                assertEachEndedOnceWithItsEvent(restarted, runIds);
            }
            assertEachKeyCalledOnceOrAgainAfterTheKill(agent.requests("slowpoke", "work"), runIds, killedAt);
        }
    }

    @Test
    void theRunsOfAKilledNodeFinishOnTheOtherNodeAndNoStepRunsOnBoth() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            agent.always("slowpoke", "work", Reply.success(Map.of("done", true)).after(Duration.ofMillis(400)));
            Map<String, String> settings = settings(agent);
            List<String> runIds = new ArrayList<>();
            Instant killedAt;
            try (CaravanProcess first = new CaravanProcess(settings).start();
                    CaravanProcess second = new CaravanProcess(settings).start()) {
                for (int i = 0; i < RUNS; i++) {
                    JsonNode accepted = JSON.readTree(first.postJson("/api/workflows/execute",
                            "{\"workflow\": \"three-slow-steps\", \"params\": {\"n\": " + i + "}}").body());
                    runIds.add(accepted.get("workflowId").asText());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.requests("slowpoke", "work").size() >= RUNS + 2);
                first.kill();
                killedAt = Instant.now();
                for (String runId : runIds) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode run = JSON.readTree(second.get("/api/workflows/" + runId).body());
                        assertThat(run.get("status").asText()).as(second.logTail()).isEqualTo("success");
                    });
                }
                assertEachEndedOnceWithItsEvent(second, runIds);
            }
            assertEachKeyCalledOnceOrAgainAfterTheKill(agent.requests("slowpoke", "work"), runIds, killedAt);
        }
    }

    /** Each run's end is reported once, by the event committed with it, whichever node ended it. */
    private static void assertEachEndedOnceWithItsEvent(CaravanProcess node, List<String> runIds) throws Exception {
        for (String runId : runIds) {
            JsonNode events = JSON.readTree(node.get("/api/events?type=workflow.execution.completed&correlationId="
                    + runId).body()).get("events");
            assertThat(events).as("completion events of %s", runId).hasSize(1);
            assertThat(events.get(0).get("data").get("status").asText()).isEqualTo("success");
        }
    }

    private static void assertEachKeyCalledOnceOrAgainAfterTheKill(List<Request> calls, List<String> runIds,
            Instant killedAt) {
        Map<String, List<Request>> byKey = calls.stream().collect(Collectors.groupingBy(Request::idempotencyKey));
        for (String runId : runIds) {
            for (String step : List.of("one", "two", "three")) {
                List<Request> sameKey = byKey.getOrDefault(runId + ":" + step, List.of());
                assertThat(sameKey).as("calls of %s:%s", runId, step).hasSizeBetween(1, 2);
                if (sameKey.size() == 2) {
                    assertThat(sameKey.get(0).at()).as("a repeated call was in flight at the kill").isBefore(killedAt);
                    assertThat(sameKey.get(1).at()).isAfter(killedAt);
                }
            }
        }
    }

    private static Map<String, String> settings(StubAgent agent) throws Exception {
        Map<String, String> settings = new HashMap<>(CaravanProcess.oneStubAgent(agent, "slowpoke",
                Map.of("three-slow-steps", """
                        name: Three slow steps
                        steps:
                          - { id: one, agent: slowpoke, action: work }
                          - { id: two, agent: slowpoke, action: work }
                          - { id: three, agent: slowpoke, action: work }
                        """)));
        settings.put("CARAVAN_RUNS_LEASE", "3s");
        return CaravanProcess.onPostgres(settings);
    }
}
