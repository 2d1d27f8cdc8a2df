package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel, pause and resume a run through the API while its first step is at an agent. */
class RunControlIT extends CaravanIntegrationTest {

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
}
