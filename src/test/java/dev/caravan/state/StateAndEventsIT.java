package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.event.Event;
import dev.caravan.event.EventBus;
import dev.caravan.testing.CaravanIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The global state with optimistic concurrency, and the events it and runs leave behind. */
class StateAndEventsIT extends CaravanIntegrationTest {

    @Autowired
    private EventBus events;

    private HttpResponse<String> put(String key, String json, String ifMatch) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri("/api/state/" + key)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request.build());
    }

    private HttpResponse<String> delete(String key, String ifMatch) {
        return send(authorized(HttpRequest.newBuilder(uri("/api/state/" + key)))
                .header("If-Match", ifMatch).DELETE().build());
    }

    @Test
    void ofTwoWritersOfTheSameVersionOneWinsAndTheOtherGets412() throws Exception {
        List<Event> heard = new CopyOnWriteArrayList<>();
        events.onEvent("state.changed", event -> {
            if ("project.config".equals(event.correlationId())) {
                heard.add(event);
            }
        });
        HttpResponse<String> created = put("project.config", "{\"maxRetries\": 3, \"timeout\": 30000}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");

        CountDownLatch together = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
            List<Future<HttpResponse<String>>> writes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int writer = i;
                writes.add(writers.submit(() -> {
                    together.await();
                    return put("project.config", "{\"maxRetries\": " + (10 + writer) + "}", "\"1\"");
                }));
            }
            together.countDown();
            for (Future<HttpResponse<String>> write : writes) {
                statuses.add(write.get().statusCode());
            }
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        JsonNode current = json(get("/api/state/project.config"));
        assertThat(current.get("version").asLong()).isEqualTo(2);
        assertThat(current.get("value").get("maxRetries").asInt()).isIn(10, 11);

        JsonNode stored = json(get("/api/events?type=state.changed&correlationId=project.config"));
        assertThat(stored.get("events")).extracting(event -> event.get("data").get("version").asLong())
                .containsExactly(1L, 2L);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(heard).extracting(event -> event.data().get("version")).containsExactly(1L, 2L));

        assertThat(delete("project.config", "\"1\"").statusCode()).isEqualTo(412);
        assertThat(delete("project.config", "\"2\"").statusCode()).isEqualTo(204);
        assertThat(get("/api/state/project.config").statusCode()).isEqualTo(404);
        assertThat(put("project.config", "{not json", null).statusCode()).isEqualTo(400);

        // If-Match is a header: a query parameter of that name is no precondition
        assertThat(put("project.config", "{\"maxRetries\": 12}", null).statusCode()).isEqualTo(201);
        assertThat(send(authorized(HttpRequest.newBuilder(uri("/api/state/project.config?If-Match=%22999%22")))
                .DELETE().build()).statusCode()).isEqualTo(204);
    }

    @Test
    void aStuckListenerHoldsBackNeitherRunsNorTheOtherListenersAndMissesNothingOnceFree() throws Exception {
        CountDownLatch unstuck = new CountDownLatch(1);
        List<String> heardByStuck = new CopyOnWriteArrayList<>();
        List<String> heardByOther = new CopyOnWriteArrayList<>();
        List<String> runIds = new ArrayList<>();
        try (AutoCloseable stuck = events.onEvent("workflow.execution.completed", event -> {
                    awaitOrGiveUp(unstuck);
                    heardByStuck.add(event.correlationId());
                });
                AutoCloseable other = events.onEvent("workflow.execution.completed",
                        event -> heardByOther.add(event.correlationId()))) {
            for (int i = 0; i < 3; i++) {
                // answered once its end's event is handed to the listeners, not once they are done with it
                JsonNode result = run("data-processing-pipeline", Map.of());
                assertThat(result.get("status").asText()).isEqualTo("success");
                runIds.add(result.get("workflowId").asText());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(heardByOther).filteredOn(runIds::contains).containsExactlyElementsOf(runIds));
            assertThat(heardByStuck).isEmpty();

            unstuck.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(heardByStuck).filteredOn(runIds::contains).containsExactlyElementsOf(runIds));
        } finally {
            unstuck.countDown();
        }
    }

    private static void awaitOrGiveUp(CountDownLatch latch) {
        try {
            latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRunLeavesItsEventsInOrderUnderItsId() {
        JsonNode result = run("data-processing-pipeline", Map.of());
        String runId = result.get("workflowId").asText();

        JsonNode stored = json(get("/api/events?correlationId=" + runId + "&limit=100"));

        List<String> types = new ArrayList<>();
        stored.get("events").forEach(event -> types.add(event.get("type").asText()));
        assertThat(types.getFirst()).isEqualTo("workflow.execution.started");
        assertThat(types.getLast()).isEqualTo("workflow.execution.completed");
        assertThat(types).filteredOn("workflow.step.started"::equals).hasSize(5);
        assertThat(types).filteredOn("workflow.step.completed"::equals).hasSize(5);
        long previous = 0;
        for (JsonNode event : stored.get("events")) {
            assertThat(event.get("id").asLong()).isGreaterThan(previous);
            previous = event.get("id").asLong();
        }
        JsonNode after = json(get("/api/events?correlationId=" + runId + "&after=" + previous));
        assertThat(after.get("events")).isEmpty();
    }
}
