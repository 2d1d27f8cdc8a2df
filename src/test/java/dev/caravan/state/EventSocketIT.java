package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events live over WebSocket; a client that reconnects after an id misses nothing. */
class EventSocketIT extends CaravanIntegrationTest {

    private WebSocket connect(String query, BlockingQueue<JsonNode> received) {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Basic " + credentials)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events?" + query), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(json(text.toString()));
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).join();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private long write(String key, int value) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri("/api/state/" + key)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(value))).build();
        assertThat(send(request).statusCode()).isIn(200, 201);
        JsonNode events = json(get("/api/events?type=state.changed&correlationId=" + key + "&limit=1000").body()).get("events");
        return events.get(events.size() - 1).get("id").asLong();
    }

    @Test
    void storedEventsAfterAnIdComeFirstThenLiveOnesWithNoneMissed() throws Exception {
        String key = "socket-" + System.nanoTime();
        long first = write(key, 1);
        long second = write(key, 2);

        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect("type=state.changed&after=" + (first - 1), received);
        JsonNode replayedFirst = next(received, key);
        JsonNode replayedSecond = next(received, key);
        long third = write(key, 3);
        JsonNode live = next(received, key);

        assertThat(replayedFirst.get("id").asLong()).isEqualTo(first);
        assertThat(replayedSecond.get("id").asLong()).isEqualTo(second);
        assertThat(live.get("id").asLong()).isEqualTo(third);
        assertThat(live.get("type").asText()).isEqualTo("state.changed");
        assertThat(live.get("data").get("value").asInt()).isEqualTo(3);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

        long whileAway = write(key, 4);
        BlockingQueue<JsonNode> again = new LinkedBlockingQueue<>();
        WebSocket reconnected = connect("type=state.changed&after=" + third, again);
        assertThat(next(again, key).get("id").asLong()).isEqualTo(whileAway);
        reconnected.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void theSocketNeedsCredentials() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events"), new WebSocket.Listener() { })
                        .join())
                .hasStackTraceContaining("Unexpected HTTP response status code 401");
    }

    /** The next event about this key (other tests' events of the same type are skipped). */
    private static JsonNode next(BlockingQueue<JsonNode> received, String key) throws InterruptedException {
        while (true) {
            JsonNode event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10s").isNotNull();
            if (key.equals(event.get("correlationId").asText())) {
                return event;
            }
        }
    }
}
