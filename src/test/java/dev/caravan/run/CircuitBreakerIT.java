package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker of an agent is shared by every run and every step that calls it: it opens
 * after failures (window 6, threshold 50% in the test settings), fails other runs' calls at once,
 * and lets a call through again once its wait (2s here) is over.
 */
class CircuitBreakerIT extends CaravanIntegrationTest {

    @Test
    void opensAfterFailuresFailsFastForOtherRunsAndClosesAfterTheWait() {
        STUB.reset();
        deploy("""
                id: breaker-one
                name: Breaker one
                steps:
                  - { id: call, agent: breaking, action: work }
                """);
        deploy("""
                id: breaker-two
                name: Breaker two
                steps:
                  - { id: other, agent: breaking, action: other_work }
                """);
        STUB.always("breaking", "work", Reply.status(500));

        for (int i = 0; i < 6; i++) {
            assertThat(run("breaker-one", Map.of()).get("status").asText()).isEqualTo("failure");
        }
        assertThat(STUB.requests("breaking", "work")).hasSize(6);

        JsonNode otherRun = run("breaker-two", Map.of());
        assertThat(otherRun.get("status").asText()).isEqualTo("failure");
        assertThat(step(otherRun, "other").get("error").asText()).isEqualTo("circuit open for breaking");
        assertThat(STUB.requests("breaking", "other_work")).isEmpty();
        assertThat(json(get("/api/agents/breaking")).get("circuit").asText()).isEqualTo("open");

        STUB.always("breaking", "other_work", Reply.success(Map.of("recovered", true)));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(json(get("/api/agents/breaking")).get("circuit").asText()).isEqualTo("half_open"));
        JsonNode recovered = run("breaker-two", Map.of());
        assertThat(recovered.get("status").asText()).isEqualTo("success");
        assertThat(json(get("/api/agents/breaking")).get("circuit").asText()).isEqualTo("closed");
    }
}
