package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cancel, pause and resume a run through the API while its first step is at an agent; asked
 * through another node (written to the store as that node's API does); and a pause that holds
 * when the run is taken up again after its node stopped.
 */
class RunControlIT extends CaravanIntegrationTest {

    @Autowired
    private RunControls controls;
    @Autowired
    private JdbcTemplate jdbc;

    @BeforeEach
    void slowFirstStep() {
        STUB.reset();
        STUB.always("flow", "slow_start", Reply.success(Map.of("started", true)).after(Duration.ofMillis(700)));
        deploy("""
                id: controlled
                name: Controlled
                steps:
                  - { id: begin, agent: flow, action: slow_start }
                  - { id: finish, agent: flow, action: finish }
                """);
    }

    private String startAndWaitForTheFirstCall() {
        String runId = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"controlled\"}"))
                .get("workflowId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> !STUB.requests("flow", "slow_start").isEmpty());
        return runId;
    }

    @Test
    void aCancelledRunStartsNoNewStepAndEndsCancelled() {
        String runId = startAndWaitForTheFirstCall();

        HttpResponse<String> cancelled = post("/api/workflows/" + runId + "/cancel", "application/json", "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("cancelled"));
        JsonNode result = json(get("/api/workflows/" + runId));
        assertThat(step(result, "begin").get("status").asText()).isEqualTo("success");
        assertThat(step(result, "finish").get("status").asText()).isEqualTo("pending");
        assertThat(STUB.requests("flow", "finish")).isEmpty();

        HttpResponse<String> again = post("/api/workflows/" + runId + "/cancel", "application/json", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asText()).isEqualTo("run " + runId + " has ended (cancelled) and cannot be cancelled");
    }

    @Test
    void aPausedRunWaitsAfterItsRunningStepUntilResumed() throws InterruptedException {
        String runId = startAndWaitForTheFirstCall();

        JsonNode paused = json(post("/api/workflows/" + runId + "/pause", "application/json", ""));
        assertThat(paused.get("paused").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(step(json(get("/api/workflows/" + runId)), "begin").get("status").asText()).isEqualTo("success"));
        Thread.sleep(500);
        assertThat(STUB.requests("flow", "finish")).as("no step starts while paused").isEmpty();
        assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("running");

        post("/api/workflows/" + runId + "/resume", "application/json", "");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("success"));
        assertThat(STUB.requests("flow", "finish")).hasSize(1);
    }

    @Test
    void controllingAnUnknownRunIs404() {
        assertThat(post("/api/workflows/nope/pause", "application/json", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aPauseResumeAndCancelAskedThroughAnotherNodeReachTheRunWhereItExecutes() throws InterruptedException {
        // longer than a poll of caravan.runs.control-poll, so the request lands while the first step runs
        STUB.always("flow", "slow_start", Reply.success(Map.of("started", true)).after(Duration.ofMillis(2500)));
        String runId = startAndWaitForTheFirstCall();

        assertThat(controls.requestPause(runId)).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(step(json(get("/api/workflows/" + runId)), "begin").get("status").asText()).isEqualTo("success"));
        Thread.sleep(1500);
        JsonNode held = json(get("/api/workflows/" + runId));
        assertThat(STUB.requests("flow", "finish")).as("no step starts while paused").isEmpty();
        assertThat(held.get("status").asText()).isEqualTo("running");
        assertThat(held.get("paused").asBoolean()).isTrue();

        assertThat(controls.withdrawPause(runId)).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("success"));
        assertThat(json(get("/api/workflows/" + runId)).has("paused")).isFalse();

        String cancelledRun = startAndWaitForTheFirstCall();
        assertThat(controls.requestCancel(cancelledRun)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + cancelledRun)).get("status").asText()).isEqualTo("cancelled"));
        assertThat(STUB.requests("flow", "finish")).as("only the resumed run's").hasSize(1);
    }

    @Test
    void aPausedRunTakenUpAfterItsNodeStoppedStaysPausedUntilResumed() throws InterruptedException {
        // what a node that stopped left: a paused run, no step done, its lease long gone
        Timestamp earlier = Timestamp.from(Instant.now().minusSeconds(60));
        int revision = json(get("/api/definitions/controlled")).get("revision").asInt();
        jdbc.update("""
                INSERT INTO runs (run_id, workflow_id, workflow_name, version, revision, status, params, start_time,
                                  owner, lease_until, control)
                VALUES ('paused-elsewhere', 'controlled', 'Controlled', '1.0.0', ?, 'RUNNING', '{}', ?,
                        'a-stopped-node', ?, 'PAUSE')""", revision, earlier, earlier);
        for (String stepId : new String[] {"begin", "finish"}) {
            jdbc.update("""
                    INSERT INTO step_executions (run_id, step_key, position, step_id, agent, status, attempts)
                    VALUES ('paused-elsewhere', ?, ?, ?, 'flow', 'PENDING', 0)""",
                    stepId, stepId.equals("begin") ? 1 : 2, stepId);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT owner FROM runs WHERE run_id = 'paused-elsewhere'", String.class), owner -> !"a-stopped-node".equals(owner));
        Thread.sleep(1500);
        JsonNode held = json(get("/api/workflows/paused-elsewhere"));
        assertThat(STUB.requests("flow", "slow_start")).as("taken up, but paused").isEmpty();
        assertThat(held.get("paused").asBoolean()).isTrue();

        JsonNode resumed = json(post("/api/workflows/paused-elsewhere/resume", "application/json", ""));

        assertThat(resumed.has("paused")).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/paused-elsewhere")).get("status").asText()).isEqualTo("success"));
        assertThat(STUB.requests("flow", "slow_start")).hasSize(1);
        assertThat(STUB.requests("flow", "finish")).hasSize(1);
    }

    @Test
    void aRunBeingCancelledCannotBePaused() {
        STUB.always("flow", "slow_start", Reply.success(Map.of("started", true)).after(Duration.ofMillis(2500)));
        String runId = startAndWaitForTheFirstCall();
        assertThat(controls.requestCancel(runId)).isTrue();

        HttpResponse<String> paused = post("/api/workflows/" + runId + "/pause", "application/json", "");

        // either the cancel is still pending or the run has ended by now: a clear 409 both ways
        assertThat(paused.statusCode()).isEqualTo(409);
        assertThat(json(paused).get("detail").asText()).startsWith("run " + runId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("cancelled"));
        assertThat(STUB.requests("flow", "finish")).isEmpty();
    }
}
