package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.run.DefinitionStore.StoredRevision;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Several nodes on one database: what another node deploys or undeploys reaches this one, and a
 * deploy racing another node's for the same workflow neither fails nor overwrites it. The other
 * node is played by writing to the store exactly as its catalog would.
 */
class DefinitionSyncIT extends CaravanIntegrationTest {

    @MockitoSpyBean
    private DefinitionStore definitions;
    @Autowired
    private WorkflowParser parser;
    @Autowired
    private dev.caravan.event.EventBus events;

    private static String workflow(String id, String action) {
        return """
                id: %s
                name: Synced
                steps:
                  - { id: work, agent: flow, action: %s }
                """.formatted(id, action);
    }

    /** What another node's catalog stores when it deploys {@code text} as {@code revision}. */
    private void storedByAnotherNode(String id, int revision, String text) {
        String checksum = parser.parse("other-node.yml", text).source().checksum();
        definitions.save(new StoredRevision(id, revision, "1.0.0", "Synced", "other-node.yml", text, checksum,
                Instant.now()), eventOfAnotherNode(id, "workflow.deployed"));
    }

    /** The event the other node commits with its change. */
    private dev.caravan.event.ReportedEvent eventOfAnotherNode(String id, String type) {
        return events.report(type, id, Map.of("workflow", id));
    }

    @Test
    void aRevisionDeployedOnAnotherNodeBecomesCurrentHereAndItsUndeployToo() {
        STUB.always("flow", "sync_first", Reply.success(Map.of("from", "first")));
        STUB.always("flow", "sync_second", Reply.success(Map.of("from", "second")));
        deploy(workflow("synced", "sync_first"));

        storedByAnotherNode("synced", 2, workflow("synced", "sync_second"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(get("/api/definitions/synced")).get("revision").asInt()).isEqualTo(2));
        JsonNode result = run("synced", Map.of());
        assertThat(result.get("revision").asInt()).isEqualTo(2);
        assertThat(step(result, "work").get("output").get("from").asText()).isEqualTo("second");

        definitions.markRemoved("synced", 2, Instant.now(), eventOfAnotherNode("synced", "workflow.undeployed"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(post("/api/workflows/execute", "application/json", "{\"workflow\": \"synced\"}")
                        .statusCode()).isEqualTo(404));
    }

    @Test
    void aDeployThatLosesTheRaceForARevisionNumberTakesTheNextOne() {
        deploy(workflow("raced", "race_first"));
        // the other node stores revision 2 just after this node read the last number (1)
        doAnswer(call -> {
            OptionalInt last = (OptionalInt) call.callRealMethod();
            storedByAnotherNode("raced", last.getAsInt() + 1, workflow("raced", "race_other"));
            return last;
        }).doCallRealMethod().when(definitions).lastRevision(eq("raced"));

        HttpResponse<String> deployed = post("/api/definitions", "application/yaml", workflow("raced", "race_mine"));

        assertThat(deployed.statusCode()).isEqualTo(201);
        assertThat(json(deployed).get("revision").asInt()).isEqualTo(3);
        assertThat(definitions.find("raced", 2).orElseThrow().sourceText()).contains("race_other");
        assertThat(definitions.find("raced", 3).orElseThrow().sourceText()).contains("race_mine");
        assertThat(json(get("/api/definitions/raced")).get("revision").asInt()).isEqualTo(3);
    }

    @Test
    void aDeployRacingAnotherNodeWithTheSameTextStoresItOnce() {
        deploy(workflow("raced-same", "race_first"));
        String text = workflow("raced-same", "race_both");
        doAnswer(call -> {
            OptionalInt last = (OptionalInt) call.callRealMethod();
            storedByAnotherNode("raced-same", last.getAsInt() + 1, text);
            return last;
        }).doCallRealMethod().when(definitions).lastRevision(eq("raced-same"));

        HttpResponse<String> deployed = post("/api/definitions", "application/yaml", text);

        assertThat(deployed.statusCode()).as("the other node's revision is this text already").isEqualTo(200);
        assertThat(json(deployed).get("revision").asInt()).isEqualTo(2);
        assertThat(definitions.revisionsOf("raced-same")).extracting(StoredRevision::revision).containsExactly(1, 2);
        STUB.always("flow", "race_both", Reply.success(Map.of("ok", true)));
        assertThat(run("raced-same", Map.of()).get("status").asText()).isEqualTo("success");
    }
}
