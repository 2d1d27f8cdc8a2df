package dev.caravan.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The monitoring routes, on short periods. Agent {@code pair} has one instance on the stub server
 * and one on a spare server; stopping the spare, health polling marks that instance down (in the
 * registry, as an event, in the gauge) and calls go to the other instance only. The system metrics
 * event carries the node's heap, threads, runs and database pool.
 */
@TestPropertySource(properties = {
        "caravan.health.period=300ms",
        "caravan.health.timeout=1s",
        "caravan.metrics.period=300ms"
})
class MonitoringIT extends CaravanIntegrationTest {

    @Autowired
    private CamelContext camel;

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aStoppedInstanceIsMarkedDownAndCallsGoToTheOtherOne() {
        String spare = "http://127.0.0.1:" + SPARE.port() + "/pair";
        deploy(calls("pair-calls", 2));
        assertThat(run("pair-calls", Map.of()).get("status").asText()).isEqualTo("success");
        assertThat(SPARE.requests("pair", "work")).as("round robin reaches the spare while it is up").hasSize(1);

        SPARE.close();

        await().atMost(WAIT).until(() -> !instanceHealth("pair").get(spare));
        assertThat(instanceHealth("pair")).containsEntry("http://127.0.0.1:" + STUB.port() + "/pair", true);
        // the instance is marked down, then the change published: the event may come a moment later
        await().atMost(WAIT).until(() -> !healthChanges(spare).isEmpty());
        JsonNode change = healthChanges(spare).getFirst();
        assertThat(change.get("data").get("instance").asText()).isEqualTo(spare);
        assertThat(change.get("data").get("status").asText()).isEqualTo("DOWN");
        assertThat(change.get("data").get("previousStatus").asText()).isEqualTo("UP");
        assertThat(change.get("data").get("reason").asText()).startsWith("GET /health failed: ");
        assertThat(anonymous("/actuator/prometheus").body())
                .containsPattern("orchestrator_agent_healthy_instances\\{[^}]*agent=\"pair\"[^}]*\\} 1\\.0");

        int toStubBefore = STUB.requests("pair", "work").size();
        deploy(calls("pair-calls-after", 4));
        JsonNode result = run("pair-calls-after", Map.of());

        assertThat(result.get("status").asText()).as(result.toPrettyString()).isEqualTo("success");
        assertThat(STUB.requests("pair", "work")).hasSize(toStubBefore + 4);
        assertThat(healthChanges(spare)).as("a check that changes nothing is not an event").hasSize(1);
    }

    /**
     * Camel builds no event per exchange (nothing listens: ExchangeEvents), while the route metrics
     * that come from route events still count: a deploy's new routes show in camel_routes_added.
     */
    @Test
    void routeEventsAreStillCountedWhileNoEventIsBuiltPerExchange() {
        double addedBefore = routesAdded();

        // agent flow, not pair: the other tests count pair's calls on each of its two servers
        deploy("""
                id: route-count
                name: Route count
                steps:
                  - { id: first, agent: flow, action: work }
                  - { id: second, agent: flow, action: work }
                """);
        assertThat(run("route-count", Map.of()).get("status").asText()).isEqualTo("success");

        assertThat(routesAdded()).isGreaterThan(addedBefore);
        assertThat(camel.getCamelContextExtension().isEventNotificationApplicable()).isFalse();
    }

    private double routesAdded() {
        Matcher added = Pattern.compile("camel_routes_added_routes\\{[^}]*} ([0-9.]+)").matcher(anonymous("/actuator/prometheus").body());
        assertThat(added.find()).as("camel_routes_added_routes is served").isTrue();
        return Double.parseDouble(added.group(1));
    }

    @Test
    void theHttpServerMetricCountsEachApiOperationUnderItsPathTemplate() {
        deploy(calls("metric-calls", 1));
        assertThat(run("metric-calls", Map.of()).get("status").asText()).isEqualTo("success");
        assertProblem(post("/api/workflows/no-such-run/cancel", "application/json", ""), 404, "no run no-such-run",
                "/api/workflows/no-such-run/cancel");

        String metrics = anonymous("/actuator/prometheus").body();

        assertThat(metrics)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\""
                        + "[^}]*uri=\"/api/workflows/execute\"[^}]*\\} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"404\""
                        + "[^}]*uri=\"/api/workflows/\\{workflowId}/cancel\"[^}]*\\} 1(\\.0)?\n")
                .as("no API request counted without its operation")
                .doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*uri=\"UNKNOWN\"");
    }

    @Test
    void theSystemMetricsEventCarriesTheNodesVitalSignsAndItsRunsInFlight() {
        STUB.script("flow", "linger", Reply.success(Map.of()).after(Duration.ofSeconds(3)));
        deploy("""
                id: lingering
                name: Lingering
                steps:
                  - { agent: flow, action: linger }
                """);
        String runId = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"lingering\"}"))
                .get("workflowId").asText();

        JsonNode metrics = await().atMost(WAIT).until(this::latestMetrics,
                event -> event != null && event.get("data").get("activeRuns").asInt() >= 1).get("data");

        assertThat(metrics.get("heapUsedBytes").asLong()).isPositive();
        assertThat(metrics.get("heapMaxBytes").asLong()).isNotZero();
        assertThat(metrics.get("liveThreads").asInt()).isPositive();
        assertThat(metrics.get("processCpuLoad").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("databasePool").get("max").asInt()).isPositive();
        assertThat(metrics.get("databasePool").get("active").asInt()).isNotNegative();
        assertThat(metrics.get("node").asText()).isNotBlank();
        await().atMost(WAIT).until(() -> json(get("/api/workflows/" + runId)).get("status").asText().equals("success"));
    }

    private List<JsonNode> healthChanges(String instance) {
        List<JsonNode> changes = new ArrayList<>();
        json(get("/api/events?type=component.health.checked&correlationId=pair&limit=1000")).get("events").forEach(event -> {
            if (event.get("data").get("instance").asText().equals(instance)) {
                changes.add(event);
            }
        });
        return changes;
    }

    private JsonNode latestMetrics() {
        JsonNode events = json(get("/api/events?type=system.metrics.collected&limit=1000")).get("events");
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    private Map<String, Boolean> instanceHealth(String agent) {
        Map<String, Boolean> health = new LinkedHashMap<>();
        json(get("/api/agents/" + agent)).get("instances").forEach(instance ->
                health.put(instance.get("url").asText(), instance.get("healthy").asBoolean()));
        return health;
    }

    private static String calls(String id, int count) {
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            steps.append("  - { id: call").append(i).append(", agent: pair, action: work }\n");
        }
        return "id: " + id + "\nname: Calls of pair\nsteps:\n" + steps;
    }
}
