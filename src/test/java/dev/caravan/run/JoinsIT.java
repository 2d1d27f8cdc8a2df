package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The join of a parallel step keeps its state in Camel's JDBC aggregation repository
 * ({@code caravan_joins}): a finished branch is held there until the others arrive, the run goes on
 * once all have, and nothing is left behind, whether the run succeeds, fails or is retried.
 */
class JoinsIT extends CaravanIntegrationTest {

    @Autowired
    @Qualifier("caravanJoinRepository")
    private JdbcAggregationRepository joins;

    @Autowired
    private CamelContext camel;

    @Autowired
    private JdbcTemplate jdbc;

    @BeforeEach
    void workflow() {
        STUB.reset();
        deploy("""
                id: fan-out-join
                name: Fan out and join
                steps:
                  - id: quick
                    agent: flow
                    action: quick
                    parallel:
                      - { id: slow, agent: flow, action: slow }
                  - { id: after, agent: flow, action: after }
                """);
        STUB.always("flow", "quick", Reply.success(Map.of("quick", true)));
    }

    @Test
    void aFinishedBranchIsHeldByTheJoinUntilTheOtherArrivesThenTheRunGoesOn() throws Exception {
        STUB.always("flow", "slow", Reply.success(Map.of("slow", true)).after(Duration.ofSeconds(2)));

        String runId = start();
        String key = runId + ":quick";
        await("the quick branch arrives at the join").atMost(Duration.ofSeconds(10))
                .until(() -> joins.getKeys().contains(key));

        JsonNode held = JSON.readTree(joins.get(camel, key).getMessage().getBody(String.class));
        assertThat(held.get("branches").asInt()).isEqualTo(2);
        assertThat(held.get("arrived")).extracting(JsonNode::asText).containsExactly("quick");
        assertThat(STUB.requests("flow", "after")).as("the run waits at the join").isEmpty();

        assertThat(awaitStatus(runId, "success").get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "after")).hasSize(1);
        assertThat(STUB.requests("flow", "after").getFirst().at())
                .isAfterOrEqualTo(STUB.requests("flow", "slow").getFirst().at().plusSeconds(2));
        assertThat(rowsOf(runId)).as("a completed join is confirmed and gone").isZero();
    }

    @Test
    void aFailedBranchLeavesNoJoinBehindAndARetryJoinsAgainWithoutCallingTheFinishedBranch() {
        STUB.script("flow", "slow", Reply.failure("disk full"), Reply.success(Map.of("slow", true)));

        JsonNode failed = run("fan-out-join", Map.of());
        assertThat(failed.get("status").asText()).isEqualTo("failure");
        String runId = failed.get("workflowId").asText();
        assertThat(rowsOf(runId)).as("the failed run's incomplete join is dropped").isZero();
        assertThat(STUB.requests("flow", "after")).isEmpty();

        assertThat(post("/api/workflows/" + runId + "/retry", "application/json", "").statusCode()).isEqualTo(202);

        assertThat(awaitStatus(runId, "success").get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "quick")).as("the finished branch is not called again").hasSize(1);
        assertThat(STUB.requests("flow", "slow")).hasSize(2);
        assertThat(STUB.requests("flow", "after")).hasSize(1);
        assertThat(rowsOf(runId)).isZero();
    }

    @Test
    void aJoinCompletedButNotHandedOverWhenItsNodeDiedIsHandedOverByTheRepositorysRecovery() {
        // what a node leaves when it dies between completing a join and handing it over: the
        // aggregation moved to the repository's completed table, not yet confirmed
        String key = "run-of-a-dead-node:quick";
        Exchange completed = new DefaultExchange(camel);
        completed.getMessage().setBody("""
                {"runId": "run-of-a-dead-node", "join": "quick", "branches": 2, "arrived": ["quick", "slow"]}""");
        // the properties the aggregator sets on a completed aggregation before it stores it
        completed.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, key);
        completed.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "predicate");
        completed.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, 2);
        joins.add(camel, key, completed);
        Exchange held = joins.get(camel, key);
        joins.remove(camel, key, held);
        assertThat(joins.scan(camel)).contains(held.getExchangeId());

        await("the repository's recovery hands the join over and confirms it").atMost(Duration.ofSeconds(30))
                .until(() -> !joins.scan(camel).contains(held.getExchangeId()));
        assertThat(joins.getKeys()).doesNotContain(key);
    }

    private String start() {
        return json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"fan-out-join\"}"))
                .get("workflowId").asText();
    }

    private JsonNode awaitStatus(String runId, String status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode run = json(get("/api/workflows/" + runId));
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo(status);
        });
        return json(get("/api/workflows/" + runId));
    }

    /**
     * The run's joins still gathering, plus every completed join not yet confirmed (the completed
     * table is keyed by exchange id, not by run).
     */
    private int rowsOf(String runId) {
        Integer gathering = jdbc.queryForObject("SELECT COUNT(*) FROM caravan_joins WHERE id LIKE ?", Integer.class,
                runId + ":%");
        Integer unconfirmed = jdbc.queryForObject("SELECT COUNT(*) FROM caravan_joins_completed", Integer.class);
        return (gathering == null ? 0 : gathering) + (unconfirmed == null ? 0 : unconfirmed);
    }
}
