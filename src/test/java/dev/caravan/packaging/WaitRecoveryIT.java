package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.StubAgent.Reply;
import dev.caravan.testing.StubAgent.Request;
import dev.caravan.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Caravan killed with SIGKILL while a step waits for its agent's callback, and while a parallel
 * step waits for its slow branch: started again, both runs complete. The waiting step is not
 * called again; the branch that had finished, held by the join in the aggregation repository, is
 * not called again.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class WaitRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStepWaitingForItsCallbackAtTheKillCompletesWhenTheCallbackComesAfterTheRestart() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            agent.always("renderer", "render", Reply.json(202, Map.of("status", "accepted")));
            Setup setup = setup(agent);
            String runId;
            String callbackUrl;
            try (CaravanProcess caravan = new CaravanProcess(setup.environment()).start()) {
                runId = start(caravan, "render-then-publish");
                await().atMost(Duration.ofSeconds(20)).until(() -> !agent.requests("renderer", "render").isEmpty());
                callbackUrl = (String) agent.requests("renderer", "render").getFirst().body().get("callbackUrl");
                await("the wait is held in the aggregation repository").atMost(Duration.ofSeconds(10))
                        .until(() -> setup.rows("SELECT COUNT(*) FROM caravan_waits WHERE id = ?", runId + ":render") == 1);
                caravan.kill();
            }

            try (CaravanProcess restarted = new CaravanProcess(setup.environment()).start()) {
                URI sent = URI.create(callbackUrl);
                HttpResponse<String> answered = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(restarted.baseUrl() + sent.getRawPath() + "?" + sent.getRawQuery()))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"status\": \"success\", \"output\": {\"file\": \"after-restart.mp4\"}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
                JsonNode run = awaitSuccess(restarted, runId);
                assertThat(step(run, "render").get("output").get("file").asText()).isEqualTo("after-restart.mp4");
            }
            assertThat(agent.requests("renderer", "render")).as("the waiting step is not called again").hasSize(1);
            assertThat(agent.requests("renderer", "publish")).singleElement()
                    .satisfies(call -> assertThat(call.body().get("params")).isEqualTo(Map.of("file", "after-restart.mp4")));
            assertThat(setup.rows("SELECT COUNT(*) FROM caravan_waits", null)).as("no rendezvous left").isZero();
        }
    }

    @Test
    void aParallelStepWhoseSlowBranchWasInFlightAtTheKillCompletesAfterTheRestart() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            agent.always("renderer", "slow", Reply.success(Map.of("slow", true)).after(Duration.ofSeconds(3)));
            agent.always("renderer", "quick", Reply.success(Map.of("quick", true)));
            Setup setup = setup(agent);
            String runId;
            try (CaravanProcess caravan = new CaravanProcess(setup.environment()).start()) {
                runId = start(caravan, "fan-out");
                await().atMost(Duration.ofSeconds(20)).until(() -> !agent.requests("renderer", "slow").isEmpty()
                        && setup.rows("SELECT COUNT(*) FROM step_executions WHERE run_id = ? AND status = 'SUCCESS'", runId) == 1);
                await("the finished branch is held by the join, in the aggregation repository").atMost(Duration.ofSeconds(10))
                        .until(() -> setup.rows("SELECT COUNT(*) FROM caravan_joins WHERE id = ?", runId + ":quick") == 1);
                caravan.kill();
            }

            try (CaravanProcess restarted = new CaravanProcess(setup.environment()).start()) {
                JsonNode run = awaitSuccess(restarted, runId);
                assertThat(step(run, "quick").get("output").get("quick").asBoolean()).isTrue();
                assertThat(step(run, "slow").get("output").get("slow").asBoolean()).isTrue();
            }
            assertThat(agent.requests("renderer", "quick")).as("the finished branch is not called again").hasSize(1);
            List<Request> slow = agent.requests("renderer", "slow");
            assertThat(slow).hasSize(2);
            assertThat(slow).extracting(Request::idempotencyKey).containsOnly(runId + ":slow");
            assertThat(agent.requests("renderer", "after")).hasSize(1);
            assertThat(setup.rows("SELECT COUNT(*) FROM caravan_joins", null)).as("the join completed").isZero();
            assertThat(setup.rows("SELECT COUNT(*) FROM caravan_joins_completed", null)).as("and was confirmed").isZero();
        }
    }

    private record Setup(Map<String, String> environment, JdbcTemplate jdbc) {
        int rows(String sql, String argument) {
            Integer count = argument == null ? jdbc.queryForObject(sql, Integer.class)
                    : jdbc.queryForObject(sql, Integer.class, argument);
            return count == null ? 0 : count;
        }
    }

    private static Setup setup(StubAgent agent) throws Exception {
        Map<String, String> environment = new HashMap<>(CaravanProcess.oneStubAgent(agent, "renderer", Map.of(
                "render-then-publish", """
                        name: Render then publish
                        steps:
                          - { id: render, agent: renderer, action: render }
                          - { id: publish, agent: renderer, action: publish, params: { file: "${render.file}" } }
                        """,
                "fan-out", """
                        name: Fan out
                        steps:
                          - id: quick
                            agent: renderer
                            action: quick
                            parallel:
                              - { id: slow, agent: renderer, action: slow }
                          - { id: after, agent: renderer, action: after }
                        """)));
        String schema = TestDatabases.freshSchema();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabases.postgresUrl(schema),
                TestDatabases.POSTGRES_USER, "");
        environment.put("DATABASE_URL",
                "postgresql://" + TestDatabases.POSTGRES_USER + "@127.0.0.1:5432/test?currentSchema=" + schema);
        environment.put("SPRING_FLYWAY_SCHEMAS", schema);
        environment.put("CARAVAN_NODE_ID", "the-only-node");
        return new Setup(environment, new JdbcTemplate(dataSource));
    }

    private static String start(CaravanProcess caravan, String workflow) throws Exception {
        return JSON.readTree(caravan.postJson("/api/workflows/execute", "{\"workflow\": \"" + workflow + "\"}").body())
                .get("workflowId").asText();
    }

    private static JsonNode awaitSuccess(CaravanProcess caravan, String runId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(JSON.readTree(caravan.get("/api/workflows/" + runId).body()).get("status").asText())
                        .as(caravan.logTail()).isEqualTo("success"));
        return readRun(caravan, runId);
    }

    private static JsonNode readRun(CaravanProcess caravan, String runId) {
        try {
            return JSON.readTree(caravan.get("/api/workflows/" + runId).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode step(JsonNode run, String stepId) {
        for (JsonNode step : run.get("steps")) {
            if (step.get("stepId").asText().equals(stepId)) {
                return step;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + run);
    }
}
