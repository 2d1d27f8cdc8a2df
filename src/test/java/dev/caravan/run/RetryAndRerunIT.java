package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.event.EventBus;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A failed run retried from its failed step; a new run from a step with earlier outputs reused. */
class RetryAndRerunIT extends CaravanIntegrationTest {

    @Autowired
    private EventBus events;
    @Autowired
    private LiveRuns live;

    @BeforeEach
    void deployThreeSteps() {
        STUB.reset();
        deploy("""
                id: three-steps
                name: Three steps
                params: { target: staging }
                steps:
                  - { id: build, agent: flow, action: build }
                  - { id: test, agent: flow, action: test, params: { artifact: "${build.artifact}" } }
                  - { id: ship, agent: flow, action: ship, params: { target: "${params.target}" } }
                """);
        STUB.always("flow", "build", Reply.success(Map.of("artifact", "app-1.jar")));
    }

    @Test
    void aRetriedRunGoesOnFromItsFailedStepWithoutCallingTheOthersAgain() {
        STUB.script("flow", "test", Reply.status(400));
        JsonNode failed = run("three-steps", Map.of());
        assertThat(failed.get("status").asText()).isEqualTo("failure");
        String runId = failed.get("workflowId").asText();

        HttpResponse<String> retried = post("/api/workflows/" + runId + "/retry", "application/json", "");

        assertThat(retried.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("success"));
        assertThat(STUB.requests("flow", "build")).hasSize(1);
        assertThat(STUB.requests("flow", "test")).hasSize(2);
        assertThat(STUB.requests("flow", "test").getLast().body().get("params")).isEqualTo(Map.of("artifact", "app-1.jar"));
        assertThat(STUB.requests("flow", "ship")).hasSize(1);

        HttpResponse<String> again = post("/api/workflows/" + runId + "/retry", "application/json", "");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void aListenerHearsOfARunsEndOnlyOnceTheRunHasLeftAndCanRetryItAtOnce() throws Exception {
        int runs = 8;
        // every run fails at its second step, and so does the one retry
        STUB.script("flow", "test", java.util.Collections.nCopies(runs + 1, Reply.status(400)).toArray(Reply[]::new));
        List<String> heardWhileExecuting = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> retried = new CompletableFuture<>();
        List<String> retriedRun = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = events.onEvent("workflow.execution.completed", event -> {
            if (live.contains(event.correlationId())) {
                heardWhileExecuting.add(event.correlationId());
            }
            // as a user's listener would: retry what failed, the moment it is heard of
            if ("failure".equals(event.data().get("status")) && !retried.isDone()) {
                retriedRun.add(event.correlationId());
                retried.complete(post("/api/workflows/" + event.correlationId() + "/retry", "application/json", "")
                        .statusCode());
            }
        })) {
            for (int i = 0; i < runs; i++) {
                assertThat(run("three-steps", Map.of()).get("status").asText()).isEqualTo("failure");
            }
            assertThat(retried.get(10, TimeUnit.SECONDS)).as("the retry asked from the listener").isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(STUB.requests("flow", "test"))
                    .as("the retried run called its failed step again").hasSize(runs + 1));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    json(get("/api/workflows/" + retriedRun.getFirst())).get("status").asText()).isEqualTo("failure"));
        }
        assertThat(heardWhileExecuting).as("runs whose end was delivered while they still executed here").isEmpty();
    }

    @Test
    void aRerunFromAStepReusesTheOutputsBeforeItWithNewParams() {
        JsonNode first = run("three-steps", Map.of());
        assertThat(first.get("status").asText()).isEqualTo("success");

        HttpResponse<String> rerun = post("/api/workflows/" + first.get("workflowId").asText() + "/rerun",
                "application/json", "{\"from_step\": \"test\", \"params\": {\"target\": \"production\"}}");

        assertThat(rerun.statusCode()).isEqualTo(202);
        String newRun = json(rerun).get("workflowId").asText();
        assertThat(newRun).isNotEqualTo(first.get("workflowId").asText());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + newRun)).get("status").asText()).isEqualTo("success"));
        JsonNode result = json(get("/api/workflows/" + newRun));
        assertThat(step(result, "build").get("output").get("artifact").asText()).isEqualTo("app-1.jar");
        assertThat(STUB.requests("flow", "build")).hasSize(1);
        assertThat(STUB.requests("flow", "test")).hasSize(2);
        assertThat(STUB.requests("flow", "ship").getLast().body().get("params")).isEqualTo(Map.of("target", "production"));

        HttpResponse<String> badStep = post("/api/workflows/" + newRun + "/rerun", "application/json",
                "{\"from_step\": \"deploy\"}");
        assertThat(badStep.statusCode()).isEqualTo(400);
        assertThat(json(badStep).get("detail").asText()).contains("from_step 'deploy' is not a step");
    }
}
