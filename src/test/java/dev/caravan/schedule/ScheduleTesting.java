package dev.caravan.schedule;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the schedule tests read through the API: a workflow's runs, their scheduled times, its events. */
abstract class ScheduleTesting extends CaravanIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** A workflow of one call to stub agent {@code slow}'s {@code action}, with the given schedule keys. */
    static String scheduled(String id, String scheduleKeys, String action) {
        return """
                id: %s
                name: %s
                %s
                steps:
                  - id: work
                    agent: slow
                    action: %s
                """.formatted(id, id, scheduleKeys, action);
    }

    /** The runs of a workflow, newest first, as the run list shows them (no params). */
    List<JsonNode> runs(String workflow) {
        List<JsonNode> runs = new ArrayList<>();
        json(get("/api/workflows?limit=1000&workflow=" + workflow)).get("runs").forEach(runs::add);
        return runs;
    }

    List<JsonNode> runs(String workflow, String status) {
        return runs(workflow).stream().filter(run -> run.get("status").asText().equals(status)).toList();
    }

    JsonNode run(String runId) {
        return json(get("/api/workflows/" + runId));
    }

    /** The {@code scheduled_time} params of the workflow's runs. */
    Set<Instant> scheduledTimes(String workflow) {
        Set<Instant> times = new TreeSet<>();
        for (JsonNode run : runs(workflow)) {
            times.add(Instant.parse(run(run.get("workflowId").asText()).get("params").get("scheduled_time").asText()));
        }
        return times;
    }

    List<JsonNode> events(String type, String correlationId) {
        List<JsonNode> events = new ArrayList<>();
        json(get("/api/events?limit=1000&type=" + type + "&correlationId=" + correlationId)).get("events").forEach(events::add);
        return events;
    }

    void undeploy(String workflow) {
        HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(uri("/api/definitions/" + workflow)))
                .DELETE().build());
        if (response.statusCode() != 204) {
            throw new AssertionError("undeploy answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** What a queued run that never started ends with when its workflow is undeployed. */
    static final java.util.Set<String> CANCELLED_BY_UNDEPLOY = java.util.Set.of(
            "cancelled before its turn: the workflow's schedule was removed",
            "cancelled before it started: the workflow was undeployed");

    /**
     * Every run succeeded, but for runs that had not started when the workflow was undeployed (a
     * fire at the very moment of the undeploy), which end cancelled.
     */
    void assertSucceededOrCancelledByUndeploy(String workflow) {
        org.assertj.core.api.Assertions.assertThat(runs(workflow)).allSatisfy(run -> {
            if (!run.get("status").asText().equals("success")) {
                org.assertj.core.api.Assertions.assertThat(run.get("status").asText()).isEqualTo("cancelled");
                org.assertj.core.api.Assertions.assertThat(run.get("error").asText()).isIn(CANCELLED_BY_UNDEPLOY);
            }
        });
    }

    /** Waits until no run of the workflow is queued or running. */
    void awaitAllEnded(String workflow) {
        await().atMost(WAIT).until(() -> runs(workflow).stream()
                .noneMatch(run -> run.get("status").asText().equals("running") || run.get("status").asText().equals("queued")));
    }
}
