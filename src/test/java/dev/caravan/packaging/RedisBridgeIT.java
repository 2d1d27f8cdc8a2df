package dev.caravan.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.FreePorts;
import dev.caravan.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Two Caravan nodes on one database and one Redis (a redis-server of the test's own): an event of
 * one node reaches the other's listeners once. With Redis stopped, nodes go on and store their
 * events; when it is back, delivery between them resumes by itself.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class RedisBridgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsTravelBetweenNodesAndDeliveryResumesAfterRedisReturns() throws Exception {
        int redisPort = FreePorts.next();
        Process redis = startRedis(redisPort);
        try {
            String schema = TestDatabases.freshSchema();
            Map<String, String> settings = Map.of(
                    "DATABASE_URL", "postgresql://" + TestDatabases.POSTGRES_USER + "@127.0.0.1:5432/test?currentSchema=" + schema,
                    "SPRING_FLYWAY_SCHEMAS", schema,
                    "REDIS_URL", "redis://127.0.0.1:" + redisPort,
                    "CARAVAN_WORKFLOWS_DIR", Files.createTempDirectory("no-workflows").toString());
            try (CaravanProcess one = new CaravanProcess(settings).start();
                    CaravanProcess two = new CaravanProcess(settings).start()) {
                List<JsonNode> heardOnTwo = new CopyOnWriteArrayList<>();
                listen(two, heardOnTwo);

                putState(one, "bridge.key", "1");
                await().atMost(Duration.ofSeconds(10)).until(() -> valuesHeard(heardOnTwo).contains(1));

                redis.destroyForcibly().waitFor();
                putState(one, "bridge.key", "2");
                assertThat(storedVersions(one)).contains(2L);

                redis = startRedis(redisPort);
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    putState(one, "bridge.key", "3");
                    return valuesHeard(heardOnTwo).contains(3);
                });
                assertThat(heardOnTwo).extracting(event -> event.get("id").asLong()).doesNotHaveDuplicates();
            }
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    private static Process startRedis(int port) throws Exception {
        Path dir = Files.createTempDirectory("caravan-redis");
        Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return redis;
    }

    private static void putState(CaravanProcess node, String key, String value) {
        var request = java.net.http.HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/state/" + key))
                .header("Authorization", basic()).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(value)).build();
        assertThat(dev.caravan.testing.TestHttp.send(request).statusCode()).isIn(200, 201);
    }

    private static List<Long> storedVersions(CaravanProcess node) throws Exception {
        JsonNode events = JSON.readTree(node.get("/api/events?type=state.changed&correlationId=bridge.key").body())
                .get("events");
        List<Long> versions = new java.util.ArrayList<>();
        events.forEach(event -> versions.add(event.get("data").get("version").asLong()));
        return versions;
    }

    private static List<Integer> valuesHeard(List<JsonNode> heard) {
        return heard.stream().filter(event -> "bridge.key".equals(event.get("correlationId").asText()))
                .map(event -> event.get("data").get("value").asInt()).toList();
    }

    private static void listen(CaravanProcess node, List<JsonNode> heard) {
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", basic())
                .buildAsync(URI.create(node.baseUrl().replace("http:", "ws:") + "/ws/events?type=state.changed"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        heard.add(JSON.readTree(text.toString()));
                                    } catch (java.io.IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                    text.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }
                        }).join();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + CaravanProcess.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
