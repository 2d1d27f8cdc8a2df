package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A new revision takes new runs at once; a run in flight finishes on the revision it started on,
 * whose routes go away when it ends.
 */
class RevisionSwitchIT extends CaravanIntegrationTest {

    @Autowired
    private CamelContext camel;

    @Test
    void runsInFlightFinishOnTheirRevisionAndItsRoutesGoAfterwards() {
        STUB.reset();
        STUB.always("flow", "slow_v1", Reply.success(Map.of("version", 1)).after(Duration.ofMillis(1500)));
        String first = """
                id: switching
                name: Switching
                steps:
                  - { id: work, agent: flow, action: slow_v1 }
                """;
        deploy(first);
        String inFlight = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"switching\"}"))
                .get("workflowId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> !STUB.requests("flow", "slow_v1").isEmpty());

        deploy(first.replace("slow_v1", "fast_v2"));
        JsonNode newer = run("switching", Map.of());

        assertThat(newer.get("revision").asInt()).isEqualTo(2);
        assertThat(step(newer, "work").get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "fast_v2")).hasSize(1);
        assertThat(camel.getRoute("switching.r1")).as("revision 1 stays while its run is in flight").isNotNull();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode older = json(get("/api/workflows/" + inFlight));
            assertThat(older.get("status").asText()).isEqualTo("success");
            assertThat(older.get("revision").asInt()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(camel.getRoute("switching.r1")).isNull());
        assertThat(camel.getRoute("switching.r2")).isNotNull();
    }
}
