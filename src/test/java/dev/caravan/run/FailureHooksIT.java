package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import dev.caravan.testing.StubAgent.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** on_failure runs once when a run fails: an agent action, a webhook, Slack; a failing hook hides nothing. */
class FailureHooksIT extends CaravanIntegrationTest {

    @BeforeEach
    void resetStub() {
        STUB.reset();
    }

    private String workflow(String id) {
        return """
                id: %s
                name: Hooked
                steps:
                  - { id: prepare, agent: flow, action: prepare }
                  - { id: publish, agent: rejecting, action: publish }
                  - { id: never, agent: flow, action: never }
                error_handling:
                  on_failure:
                    - agent: hooks
                      action: log_error
                      params: { team: "${params.team}" }
                    - notify: webhook
                      url: http://127.0.0.1:%d/webhook/actions/receive
                    - notify: slack
                """.formatted(id, STUB.port());
    }

    @Test
    void everyHookRunsOnceWithTheFailedStepAndTheError() {
        deploy(workflow("hooked"));
        STUB.always("rejecting", "publish", Reply.status(403));

        JsonNode result = run("hooked", Map.of("team", "platform"));

        assertThat(result.get("status").asText()).isEqualTo("failure");
        assertThat(result.get("failedStep").asText()).isEqualTo("publish");
        assertThat(step(result, "never").get("status").asText()).isEqualTo("pending");
        List<Request> logged = STUB.requests("hooks", "log_error");
        assertThat(logged).hasSize(1);
        Map<?, ?> params = (Map<?, ?>) logged.getFirst().body().get("params");
        assertThat(params.get("failed_step")).isEqualTo("publish");
        assertThat((String) params.get("error")).startsWith("rejecting answered HTTP 403");
        assertThat(params.get("team")).isEqualTo("platform");
        List<Request> webhook = STUB.requests("webhook", "receive");
        assertThat(webhook).hasSize(1);
        assertThat(webhook.getFirst().body()).containsEntry("event", "workflow.failed")
                .containsEntry("failedStep", "publish").containsEntry("runId", result.get("workflowId").asText());
        List<Request> slack = STUB.requests("slack", "post");
        assertThat(slack).hasSize(1);
        assertThat((String) slack.getFirst().body().get("text")).contains("hooked").contains("publish");
        assertThat(result.get("hooks")).hasSize(3);
        result.get("hooks").forEach(hook -> assertThat(hook.get("success").asBoolean()).isTrue());
    }

    @Test
    void aFailingHookIsRecordedAndNeverHidesTheRunsFailure() {
        deploy(workflow("hooked-badly"));
        STUB.always("rejecting", "publish", Reply.status(400));
        STUB.always("hooks", "log_error", Reply.status(500));
        STUB.always("webhook", "receive", Reply.status(503));

        JsonNode result = run("hooked-badly", Map.of("team", "x"));

        assertThat(result.get("status").asText()).isEqualTo("failure");
        assertThat(result.get("error").asText()).startsWith("rejecting answered HTTP 400");
        assertThat(result.get("hooks").get(0).get("success").asBoolean()).isFalse();
        assertThat(result.get("hooks").get(0).get("error").asText()).contains("HTTP 500");
        assertThat(result.get("hooks").get(1).get("success").asBoolean()).isFalse();
        assertThat(result.get("hooks").get(2).get("success").asBoolean()).isTrue();
        assertThat(STUB.requests("slack", "post")).hasSize(1);
    }

    @Test
    void noHookRunsWhenTheRunSucceeds() {
        deploy(workflow("hooked-fine"));

        JsonNode result = run("hooked-fine", Map.of("team", "x"));

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("hooks")).isEmpty();
        assertThat(STUB.requests("webhook")).isEmpty();
    }
}
