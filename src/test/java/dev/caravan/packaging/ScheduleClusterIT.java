package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two Caravan processes on one PostgreSQL schema, both with a per-second schedule: Quartz, clustered
 * on the database, fires each second on one of them, and each fire time gives exactly one run.
 * When one is killed (SIGKILL), the other goes on firing, still one run per fire time.
 */
class ScheduleClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKFLOW = "per-second";

    @Test
    void eachFireTimeGivesExactlyOneRunAcrossTwoNodesAndAfterOneIsKilled() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            String schema = TestDatabases.freshSchema();
            Map<String, String> settings = settings(agent, schema);
            try (CaravanProcess first = node(settings, "node-a").start();
                    CaravanProcess second = node(settings, "node-b").start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> runs(second).size() >= 5);

                first.kill();
                Instant killedAt = Instant.now();

                await().atMost(Duration.ofSeconds(60)).until(() -> scheduledTimes(second).stream()
                        .anyMatch(time -> time.isAfter(killedAt.plusSeconds(5))));
                assertThat(second.delete("/api/definitions/" + WORKFLOW).statusCode()).isEqualTo(204);
                await().atMost(Duration.ofSeconds(30)).until(() -> runs(second).stream()
                        .allMatch(run -> run.get("status").asText().equals("success")));

                List<JsonNode> runs = runs(second);
                Set<Instant> fireTimes = scheduledTimes(second);
                assertThat(fireTimes).as("one run per fire time").hasSize(runs.size());
                assertThat(agent.requests("ticker", "tick").stream().map(call -> call.body().get("runId")).distinct().count())
                        .as("every run called the agent").isEqualTo(runs.size());
                Map<Instant, String> nodes = fireNodes(schema);
                assertThat(nodes.keySet()).as("every fire that started a run recorded once, with its run").isEqualTo(fireTimes);
                assertThat(nodes.entrySet()).filteredOn(fire -> fire.getKey().isAfter(killedAt.plusSeconds(1)))
                        .as("after the kill only the live node fires").isNotEmpty()
                        .allSatisfy(fire -> assertThat(fire.getValue()).isEqualTo("node-b"));
            }
        }
    }

    private static CaravanProcess node(Map<String, String> settings, String nodeId) {
        Map<String, String> node = new java.util.HashMap<>(settings);
        node.put("CARAVAN_NODE_ID", nodeId);
        return new CaravanProcess(node);
    }

    private static List<JsonNode> runs(CaravanProcess caravan) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        JSON.readTree(caravan.get("/api/workflows?limit=1000&workflow=" + WORKFLOW).body()).get("runs").forEach(runs::add);
        return runs;
    }

    private static Set<Instant> scheduledTimes(CaravanProcess caravan) throws IOException {
        Set<Instant> times = new TreeSet<>();
        for (JsonNode run : runs(caravan)) {
            JsonNode detail = JSON.readTree(caravan.get("/api/workflows/" + run.get("workflowId").asText()).body());
            times.add(Instant.parse(detail.get("params").get("scheduled_time").asText()));
        }
        return times;
    }

    /**
     * The node that started a run for each fire, from the schedule_fires rows (the API does not show
     * it); fires skipped because the run before was still going have no run and are left out.
     */
    private static Map<Instant, String> fireNodes(String schema) throws SQLException {
        Map<Instant, String> nodes = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(TestDatabases.postgresUrl(schema),
                TestDatabases.POSTGRES_USER, "");
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT fire_time, node_id FROM schedule_fires WHERE workflow_id = '" + WORKFLOW
                                + "' AND run_id IS NOT NULL")) {
            while (rows.next()) {
                nodes.put(rows.getTimestamp("fire_time").toInstant(), rows.getString("node_id"));
            }
        }
        return nodes;
    }

    private static Map<String, String> settings(StubAgent agent, String schema) throws IOException {
        Map<String, String> settings = TickerSettings.of(agent, schema, Map.of(WORKFLOW, """
                name: Every second
                schedule: "* * * * * ?"
                steps:
                  - { id: tick, agent: ticker, action: tick }
                """));
        settings.put("CARAVAN_RUNS_LEASE", "3s");
        return settings;
    }
}
