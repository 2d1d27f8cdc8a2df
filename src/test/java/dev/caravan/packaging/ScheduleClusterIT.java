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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Two Caravan processes on one PostgreSQL schema, both with a per-second schedule: Quartz, clustered
 * on the database, fires each second on one of them, and each fire time gives exactly one run.
 * When one is killed (SIGKILL), the other goes on firing, still one run per fire time.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class ScheduleClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKFLOW = "per-second";
    private static final Set<String> ENDED = Set.of("success", "failure", "cancelled");

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
                        .allMatch(run -> ENDED.contains(run.get("status").asText())));

                // a fire that created its run just before the undeploy, which then could not start
                // it, ends that run cancelled (RunLauncher.startQueued): that is the product's answer
                List<JsonNode> allRuns = runs(second);
                List<JsonNode> runs = allRuns.stream().filter(run -> !cancelledByTheUndeploy(second, run)).toList();
                assertThat(runs).as("every run succeeded, but one the undeploy cancelled before it started")
                        .allSatisfy(run -> assertThat(run.get("status").asText()).as(run.toString())
                                .isEqualTo("success"));
                Set<Instant> fireTimes = scheduledTimes(second, allRuns);
                assertThat(fireTimes).as("one run per fire time").hasSize(allRuns.size());
                assertThat(agent.requests("ticker", "tick").stream().map(call -> call.body().get("runId")).distinct().count())
                        .as("every run called the agent").isEqualTo(runs.size());
                Map<Instant, String> nodes = fireNodes(schema);
                assertThat(nodes.keySet()).as("every fire that made a run recorded once, with its run")
                        .isEqualTo(fireTimes);
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
        return scheduledTimes(caravan, runs(caravan));
    }

    private static Set<Instant> scheduledTimes(CaravanProcess caravan, List<JsonNode> runs) throws IOException {
        Set<Instant> times = new TreeSet<>();
        for (JsonNode run : runs) {
            JsonNode detail = JSON.readTree(caravan.get("/api/workflows/" + run.get("workflowId").asText()).body());
            times.add(Instant.parse(detail.get("params").get("scheduled_time").asText()));
        }
        return times;
    }

    private static boolean cancelledByTheUndeploy(CaravanProcess caravan, JsonNode run) {
        if (!run.get("status").asText().equals("cancelled")) {
            return false;
        }
        try {
            JsonNode detail = JSON.readTree(caravan.get("/api/workflows/" + run.get("workflowId").asText()).body());
            return detail.path("error").asText().contains("the workflow was undeployed");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
