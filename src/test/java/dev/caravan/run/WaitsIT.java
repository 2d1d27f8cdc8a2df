package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steps that wait: an agent that answers 202 and calls back later at the callbackUrl it was sent
 * (with no other credentials), and wait_for steps completed by a signal through the API.
 */
class WaitsIT extends CaravanIntegrationTest {

    private static final Reply ACCEPTED = Reply.json(202, Map.of("status", "accepted"));

    @BeforeEach
    void workflows() {
        STUB.reset();
        deploy("""
                id: long-job
                name: Long job
                steps:
                  - { id: render, agent: async, action: render, callback_timeout: 20s }
                  - { id: publish, agent: flow, action: publish, params: { file: "${render.file}" } }
                """);
        deploy("""
                id: impatient-job
                name: Impatient job
                steps:
                  - { id: render, agent: async, action: render_quick, callback_timeout: 1s }
                """);
        deploy("""
                id: approval
                name: Approval
                steps:
                  - { id: prepare, agent: flow, action: prepare }
                  - id: approve
                    wait_for: { signal: approval, timeout: 20s }
                  - { id: ship, agent: flow, action: ship, params: { by: "${approve.approver}" } }
                """);
        deploy("""
                id: short-approval
                name: Short approval
                steps:
                  - id: approve
                    wait_for: { signal: approval, timeout: 1s }
                """);
    }

    private String start(String workflow) {
        return json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"" + workflow + "\"}"))
                .get("workflowId").asText();
    }

    private JsonNode awaitStatus(String runId, String status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo(status));
        return json(get("/api/workflows/" + runId));
    }

    /** The callbackUrl of the agent's latest request for this action, once the call has been made. */
    private String callbackUrl(String action) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !STUB.requests("async", action).isEmpty());
        return (String) STUB.requests("async", action).getLast().body().get("callbackUrl");
    }

    /** A callback as an agent sends it: no credentials, the URL's token only. */
    private static HttpResponse<String> callBack(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void anAgentThatAnswers202CompletesItsStepByCallingBack() {
        STUB.always("async", "render", ACCEPTED);
        String runId = start("long-job");
        String url = callbackUrl("render");
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/api/workflows/" + runId + "/steps/render/callback?token=");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(step(json(get("/api/workflows/" + runId)), "render").get("status").asText()).isEqualTo("running"));
        assertThat(STUB.requests("flow", "publish")).as("the next step waits for the callback").isEmpty();

        HttpResponse<String> answered = callBack(url, "{\"status\": \"success\", \"output\": {\"file\": \"film.mp4\"}}");

        assertThat(answered.statusCode()).isEqualTo(200);
        // "running" when the callback beat Caravan's reading of the 202 (the next test makes that sure)
        assertThat(json(answered).get("stepStatus").asText()).isIn("success", "running");
        JsonNode result = awaitStatus(runId, "success");
        assertThat(step(result, "render").get("output").get("file").asText()).isEqualTo("film.mp4");
        assertThat(STUB.requests("flow", "publish").getFirst().body().get("params")).isEqualTo(Map.of("file", "film.mp4"));
        assertThat(STUB.requests("async", "render")).as("the agent is called once").hasSize(1);

        HttpResponse<String> repeated = callBack(url, "{\"status\": \"success\", \"output\": {\"file\": \"other.mp4\"}}");
        assertThat(repeated.statusCode()).isEqualTo(409);
        assertThat(repeated.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(json(repeated).get("detail").asText()).contains("has already ended (success)");
        assertThat(step(json(get("/api/workflows/" + runId)), "render").get("output").get("file").asText())
                .as("a repeated callback changes nothing").isEqualTo("film.mp4");
    }

    @Test
    void aCallbackWithoutTheStepsTokenIs401AndChangesNothing() {
        STUB.always("async", "render", ACCEPTED);
        String runId = start("long-job");
        String url = callbackUrl("render");
        String forged = url.substring(0, url.indexOf("token=") + 6) + "not-the-token";
        String otherStep = url.replace("/steps/render/", "/steps/publish/");

        assertThat(callBack(forged, "{\"status\": \"success\"}").statusCode()).isEqualTo(401);
        assertThat(callBack(url.substring(0, url.indexOf('?')), "{\"status\": \"success\"}").statusCode()).isEqualTo(401);
        assertThat(callBack(otherStep, "{\"status\": \"success\"}").statusCode())
                .as("a step's token is good for that step only").isEqualTo(401);
        assertThat(step(json(get("/api/workflows/" + runId)), "render").get("status").asText()).isEqualTo("running");

        callBack(url, "{\"status\": \"success\", \"output\": {\"file\": \"a.mp4\"}}");
        awaitStatus(runId, "success");
    }

    @Test
    void aCallbackThatReportsFailureFailsTheStep() {
        STUB.always("async", "render", ACCEPTED);
        String runId = start("long-job");

        callBack(callbackUrl("render"), "{\"status\": \"failure\", \"error\": \"codec missing\"}");

        JsonNode result = awaitStatus(runId, "failure");
        assertThat(step(result, "render").get("error").asText()).contains("codec missing");
        assertThat(STUB.requests("flow", "publish")).isEmpty();
    }

    @Test
    void aCallbackThatComesBeforeCaravanReadThe202IsKeptForItsStep() {
        STUB.always("async", "render", ACCEPTED.after(Duration.ofMillis(1500)));
        String runId = start("long-job");
        String url = callbackUrl("render");

        HttpResponse<String> early = callBack(url, "{\"status\": \"success\", \"output\": {\"file\": \"early.mp4\"}}");

        assertThat(early.statusCode()).isEqualTo(200);
        assertThat(json(early).get("stepStatus").asText()).as("held until the 202 is read").isEqualTo("running");
        JsonNode result = awaitStatus(runId, "success");
        assertThat(step(result, "render").get("output").get("file").asText()).isEqualTo("early.mp4");
    }

    @Test
    void aStepWithoutCallbackFailsAtItsCallbackTimeoutAndALateCallbackIs409() {
        STUB.always("async", "render_quick", ACCEPTED);
        String runId = start("impatient-job");
        String url = callbackUrl("render_quick");

        JsonNode result = awaitStatus(runId, "failure");

        assertThat(step(result, "render").get("error").asText())
                .isEqualTo("no callback from async within 1s of its 202 accepted");
        HttpResponse<String> late = callBack(url, "{\"status\": \"success\", \"output\": {}}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get("detail").asText()).contains("has already ended (failure): this callback changes nothing");
    }

    @Test
    void aSignalCompletesTheStepThatWaitsForItWithItsPayloadAsOutput() {
        String runId = start("approval");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(step(json(get("/api/workflows/" + runId)), "approve").get("status").asText()).isEqualTo("running"));
        assertThat(STUB.requests("flow", "ship")).isEmpty();

        HttpResponse<String> signalled = post("/api/workflows/" + runId + "/signals/approval", "application/json",
                "{\"approver\": \"dana\", \"approved\": true}");

        assertThat(signalled.statusCode()).isEqualTo(202);
        assertThat(json(signalled).get("stepId").asText()).isEqualTo("approve");
        JsonNode result = awaitStatus(runId, "success");
        assertThat(step(result, "approve").get("output").get("approver").asText()).isEqualTo("dana");
        assertThat(STUB.requests("flow", "ship").getFirst().body().get("params")).isEqualTo(Map.of("by", "dana"));

        HttpResponse<String> again = post("/api/workflows/" + runId + "/signals/approval", "application/json", "{}");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void aSignalWhoseBodyIsNullCompletesTheStep() {
        String runId = start("approval");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(step(json(get("/api/workflows/" + runId)), "approve").get("status").asText()).isEqualTo("running"));

        HttpResponse<String> signalled = post("/api/workflows/" + runId + "/signals/approval", "application/json", "null");

        assertThat(signalled.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode approve = step(json(get("/api/workflows/" + runId)), "approve");
            assertThat(approve.get("status").asText()).isEqualTo("success");
            // {"value": null}, stored as outputs are: without the null
            assertThat(approve.get("output").isObject()).isTrue();
        });
    }

    @Test
    void aSignalSentBeforeTheRunReachesItsStepIsKeptForIt() {
        STUB.always("flow", "prepare", Reply.success(Map.of()).after(Duration.ofMillis(1500)));
        String runId = start("approval");

        HttpResponse<String> early = post("/api/workflows/" + runId + "/signals/approval", "application/json",
                "{\"approver\": \"early-bird\"}");

        assertThat(early.statusCode()).isEqualTo(202);
        assertThat(json(early).get("stepStatus").asText()).isEqualTo("pending");
        JsonNode result = awaitStatus(runId, "success");
        assertThat(step(result, "approve").get("output").get("approver").asText()).isEqualTo("early-bird");
    }

    @Test
    void aWaitWithoutSignalFailsAtItsTimeout() {
        String runId = start("short-approval");

        JsonNode result = awaitStatus(runId, "failure");

        assertThat(step(result, "approve").get("error").asText()).isEqualTo("no signal 'approval' within 1s");
        assertThat(post("/api/workflows/" + runId + "/signals/approval", "application/json", "{}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void aSignalNoStepWaitsForIs404() {
        STUB.always("flow", "prepare", Reply.success(Map.of()).after(Duration.ofMillis(1000)));
        String runId = start("approval");

        HttpResponse<String> unknown = post("/api/workflows/" + runId + "/signals/aproval", "application/json", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asText())
                .isEqualTo("run " + runId + " of approval has no step that waits for signal 'aproval'");
        HttpResponse<String> noRun = post("/api/workflows/no-such-run/signals/approval", "application/json", "{}");
        assertThat(noRun.statusCode()).isEqualTo(404);
        assertThat(json(noRun).get("detail").asText()).isEqualTo("no run no-such-run");
    }
}
