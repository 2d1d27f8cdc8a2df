package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/definitions/{id}}: no new run starts (the workflow answers as an unknown
 * one), the run in flight finishes on its revision, and a later deploy brings the workflow back
 * with the next revision number.
 */
class UndeployIT extends CaravanIntegrationTest {

    private static final String WORKFLOW = """
            id: undeployed
            name: Undeployed
            steps:
              - { id: work, agent: flow, action: undeploy_slow }
            """;

    @Test
    void anUndeployedWorkflowStartsNoRunWhileItsRunInFlightFinishes() {
        STUB.always("flow", "undeploy_slow", Reply.success(Map.of("done", true)).after(Duration.ofMillis(1500)));
        deploy(WORKFLOW);
        String inFlight = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"undeployed\"}"))
                .get("workflowId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !STUB.requests("flow", "undeploy_slow").isEmpty());

        HttpResponse<String> undeployed = delete("/api/definitions/undeployed");

        assertThat(undeployed.statusCode()).isEqualTo(204);
        assertThat(undeployed.body()).isEmpty();
        assertThat(get("/api/definitions/undeployed").statusCode()).isEqualTo(404);
        assertThat(json(get("/api/definitions")).get("definitions").findValuesAsText("id")).doesNotContain("undeployed");
        HttpResponse<String> refused = post("/api/workflows/execute", "application/json", "{\"workflow\": \"undeployed\"}");
        HttpResponse<String> unknown = post("/api/workflows/execute", "application/json", "{\"workflow\": \"never-deployed\"}");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("title")).isEqualTo(json(unknown).get("title"));
        assertThat(json(refused).get("detail").asText()).isEqualTo("no workflow 'undeployed' is deployed");
        JsonNode event = json(get("/api/events?type=workflow.undeployed&correlationId=undeployed")).get("events").get(0);
        assertThat(event.get("data").get("revision").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode run = json(get("/api/workflows/" + inFlight));
            assertThat(run.get("status").asText()).isEqualTo("success");
            assertThat(run.get("revision").asInt()).isEqualTo(1);
        });
        HttpResponse<String> rerun = post("/api/workflows/" + inFlight + "/rerun", "application/json",
                "{\"from_step\": \"work\"}");
        assertThat(rerun.statusCode()).as("a rerun is a new run").isEqualTo(404);
    }

    @Test
    void aLaterDeployBringsTheWorkflowBackWithTheNextRevisionNumber() {
        String id = deploy(WORKFLOW.replace("id: undeployed", "id: undeployed-and-back"));
        deploy(WORKFLOW.replace("id: undeployed", "id: undeployed-and-back").replace("undeploy_slow", "second"));
        assertThat(delete("/api/definitions/" + id).statusCode()).isEqualTo(204);

        HttpResponse<String> again = post("/api/definitions", "application/yaml",
                WORKFLOW.replace("id: undeployed", "id: undeployed-and-back").replace("undeploy_slow", "second"));

        assertThat(again.statusCode()).as("the same text as the undeployed revision is a new deploy").isEqualTo(201);
        assertThat(json(again).get("revision").asInt()).isEqualTo(3);
        assertThat(json(get("/api/definitions/" + id)).get("revisions").findValuesAsText("revision"))
                .containsExactly("1", "2", "3");
        assertThat(run(id, Map.of()).get("status").asText()).isEqualTo("success");
    }

    @Test
    void undeployingAnUnknownWorkflowIsNotFound() {
        assertProblem(delete("/api/definitions/no-such-workflow"), 404, "no workflow 'no-such-workflow' is deployed",
                "/api/definitions/no-such-workflow");
    }

    private HttpResponse<String> delete(String path) {
        return send(authorized(HttpRequest.newBuilder(uri(path))).DELETE().build());
    }
}
