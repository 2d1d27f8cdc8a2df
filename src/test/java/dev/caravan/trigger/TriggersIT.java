package dev.caravan.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import redis.clients.jedis.Jedis;

/**
 * Workflows started by messages: a Redis channel (the machine's Redis on 6379, a channel of this
 * test run's own) and a folder of JSON files. Each message's JSON object becomes a run's params;
 * a message that is not one is published as rejected, and a rejected file is kept with its reason.
 * Only this class's Caravan has REDIS_URL, so the other integration tests run without Redis.
 */
@TestPropertySource(properties = "caravan.events.redis-url=redis://127.0.0.1:6379")
class TriggersIT extends CaravanIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path INBOX = temporaryFolder();

    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) {
        registry.add("caravan.triggers.file-root", INBOX::toString);
    }

    @Test
    void aRedisMessageStartsARunWithItsJsonAsParams() {
        String channel = uniqueChannel();
        String workflow = deploy(orders("redis-orders", "spring-redis://127.0.0.1:6379?channels=" + channel));
        awaitSubscribers(channel, 1);

        publish(channel, "{\"order\": 42, \"rush\": true}");

        JsonNode triggered = awaitEvent("workflow.triggered", workflow);
        String runId = triggered.get("correlationId").asText();
        assertThat(triggered.get("data").get("trigger").asText()).isEqualTo("1");
        assertThat(triggered.get("data").get("channel").asText()).isEqualTo(channel);
        JsonNode run = awaitEnded(runId);
        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("params")).isEqualTo(JSON.valueToTree(Map.of("order", 42, "rush", true)));
        assertThat(STUB.requests("flow", "take_order")).anySatisfy(request ->
                assertThat(request.body().get("runId")).isEqualTo(runId));
    }

    @Test
    void onlyTheLeaderNodeConsumesAndAnotherNodeTakesOverWhenTheLeadersLeaseRunsOut() {
        String channel = uniqueChannel();
        String workflow = deploy(orders("led-orders", "spring-redis://127.0.0.1:6379?channels=" + channel));
        awaitSubscribers(channel, 1);

        // another node takes the lead, as it would once this node's lease had run out
        jdbc.update("UPDATE cluster_leaders SET node_id = 'another-node', lease_until = ? WHERE namespace = 'caravan-triggers'",
                Timestamp.from(Instant.now().plusSeconds(120)));

        awaitSubscribers(channel, 0);
        try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
            assertThat(redis.publish(channel, "{\"order\": 1}")).as("no consumer on a node that does not lead").isZero();
        }

        // the other node dies: its lease runs out, and this node leads again
        jdbc.update("UPDATE cluster_leaders SET lease_until = ? WHERE namespace = 'caravan-triggers'",
                Timestamp.from(Instant.now().minusSeconds(1)));

        awaitSubscribers(channel, 1);
        publish(channel, "{\"order\": 2}");
        JsonNode triggered = awaitEvent("workflow.triggered", workflow);
        assertThat(awaitEnded(triggered.get("correlationId").asText()).get("params").get("order").asInt()).isEqualTo(2);
        assertThat(events("workflow.triggered", workflow)).hasSize(1);
    }

    @Test
    void aRedisMessageThatIsNotAJsonObjectIsRejectedWithItsReason() {
        String channel = uniqueChannel();
        String workflow = deploy(orders("redis-refusals", "spring-redis://127.0.0.1:6379?channels=" + channel));
        awaitSubscribers(channel, 1);

        publish(channel, "order 42, please");

        JsonNode rejected = awaitEvent("workflow.trigger.rejected", workflow);
        assertThat(rejected.get("data").get("reason").asText())
                .startsWith("the message is not JSON (").endsWith("): order 42, please");
        assertThat(rejected.get("data").get("channel").asText()).isEqualTo(channel);
        assertThat(events("workflow.triggered", workflow)).isEmpty();
    }

    @Test
    void aNewRevisionMovesTheTriggerToItsOwnEndpoint() {
        String before = uniqueChannel();
        String after = uniqueChannel();
        String workflow = deploy(orders("redis-moves", "spring-redis://127.0.0.1:6379?channels=" + before));
        awaitSubscribers(before, 1);

        deploy(orders("redis-moves", "spring-redis://127.0.0.1:6379?channels=" + after));
        awaitSubscribers(after, 1);
        awaitSubscribers(before, 0);
        publish(after, "{\"order\": 7}");

        JsonNode triggered = awaitEvent("workflow.triggered", workflow);
        assertThat(triggered.get("data").get("revision").asInt()).isEqualTo(2);
        assertThat(awaitEnded(triggered.get("correlationId").asText()).get("revision").asInt()).isEqualTo(2);
    }

    @Test
    void aJsonFileStartsARunAndAFileThatIsNotIsKeptWithItsReason() throws IOException {
        String workflow = deploy(orders("file-orders", "file:orders?include=.*\\\\.json"));
        Path folder = INBOX.resolve("orders");

        drop(folder, "broken.json", "{\"order\": ");
        drop(folder, "good.json", "{\"order\": 5}");

        JsonNode triggered = awaitEvent("workflow.triggered", workflow);
        assertThat(triggered.get("data").get("file").asText()).isEqualTo("good.json");
        assertThat(awaitEnded(triggered.get("correlationId").asText()).get("params").get("order").asInt()).isEqualTo(5);
        JsonNode rejected = awaitEvent("workflow.trigger.rejected", workflow);
        assertThat(rejected.get("data").get("file").asText()).isEqualTo("broken.json");
        Path kept = folder.resolve(".rejected").resolve("broken.json");
        await().atMost(WAIT).until(() -> Files.exists(kept));
        assertThat(Files.readString(kept)).isEqualTo("{\"order\": ");
        assertThat(Files.readString(folder.resolve(".rejected").resolve("broken.json.reason.txt")))
                .contains("trigger 1 of workflow file-orders started no run for broken.json")
                .contains("the message is not JSON (");
        assertThat(folder.resolve("broken.json")).doesNotExist();
    }

    @Test
    void aTimersTickStartsARunWithTheDefaultParams() {
        String workflow = deploy("""
                id: ticking
                name: Ticking
                params:
                  order: 1
                triggers:
                  - id: once
                    uri: "timer:ticking?repeatCount=1&delay=100"
                steps:
                  - { id: take, agent: flow, action: take_order, params: { order: "${params.order}" } }
                """);

        JsonNode triggered = awaitEvent("workflow.triggered", workflow);

        assertThat(triggered.get("data").get("trigger").asText()).isEqualTo("once");
        assertThat(triggered.get("data").get("route").asText()).isEqualTo("ticking.trigger.once");
        JsonNode run = awaitEnded(triggered.get("correlationId").asText());
        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("params")).isEqualTo(JSON.valueToTree(Map.of("order", 1)));
    }

    @Test
    void aTriggerOutsideTheAllowListIsA400WithItsLineAndColumn() {
        HttpResponse<String> response = post("/api/definitions?name=shell.yml", "application/yaml", """
                name: Shell
                triggers:
                  - uri: "exec:rm?args=-rf /"
                  - uri: "file:/etc"
                steps:
                  - { agent: flow, action: take_order }
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        json(response).get("errors").forEach(error -> errors.add(error.get("line") + ":" + error.get("column") + " "
                + error.get("path").asText() + ": " + error.get("message").asText()));
        assertThat(errors).containsExactly(
                "3:10 triggers[0].uri: 'exec' is not a component triggers may use; allowed: file, spring-redis, timer "
                        + "(caravan.triggers.allowed)",
                "4:10 triggers[1].uri: the folder '/etc' is outside the folder triggers may read, " + INBOX
                        + " (caravan.triggers.file-root); write a folder inside it, like file:orders");
        assertThat(get("/api/definitions/shell").statusCode()).isEqualTo(404);
    }

    private static String orders(String id, String uri) {
        return """
                id: %s
                name: Orders of %s
                triggers:
                  - uri: "%s"
                steps:
                  - id: take
                    agent: flow
                    action: take_order
                    params:
                      order: "${params.order}"
                """.formatted(id, id, uri);
    }

    private JsonNode awaitEvent(String type, String workflow) {
        return await().atMost(WAIT).until(() -> events(type, workflow), list -> !list.isEmpty()).getFirst();
    }

    /** Events of a type about one workflow: rejections name it as correlation id, triggered runs in their data. */
    private List<JsonNode> events(String type, String workflow) {
        List<JsonNode> found = new ArrayList<>();
        json(get("/api/events?type=" + type + "&limit=1000")).get("events").forEach(event -> {
            if (event.get("data").get("workflow").asText().equals(workflow)) {
                found.add(event);
            }
        });
        return found;
    }

    private JsonNode awaitEnded(String runId) {
        return await().atMost(WAIT).until(() -> json(get("/api/workflows/" + runId)),
                run -> !List.of("queued", "running").contains(run.get("status").asText()));
    }

    private static void awaitSubscribers(String channel, long count) {
        await().atMost(WAIT).until(() -> {
            try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
                return redis.pubsubNumSub(channel).getOrDefault(channel, 0L) == count;
            }
        });
    }

    private static void publish(String channel, String message) {
        try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
            assertThat(redis.publish(channel, message)).as("subscribers that received the message").isEqualTo(1);
        }
    }

    /** Writes the file under a hidden name first, so the trigger never reads it half written. */
    private static void drop(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        Path partial = folder.resolve("." + name + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String uniqueChannel() {
        return "caravan-it-" + UUID.randomUUID();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("caravan-triggers-it").toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
