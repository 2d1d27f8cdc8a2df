package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.event.EventBus;
import dev.caravan.testing.CaravanIntegrationTest;
import java.io.DataInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Events live over WebSocket; a client that reconnects after an id misses nothing. */
class EventSocketIT extends CaravanIntegrationTest {

    @Autowired
    private EventBus events;

    private static WebSocket.Builder socketBuilder() {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Basic " + credentials);
    }

    private WebSocket connect(String query, BlockingQueue<JsonNode> received) {
        return socketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events?" + query), new WebSocket.Listener() {
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

    /** The query is percent-decoded as the REST API's is: {@code %2E} is a dot, {@code %31} a 1. */
    @Test
    void percentEncodedTypeAndAfterMeanWhatTheyEncode() throws Exception {
        String key = "socket-encoded-" + System.nanoTime();
        long first = write(key, 1);
        String after = String.valueOf(first - 1).chars().mapToObj(digit -> "%3" + (char) digit).collect(Collectors.joining());

        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect("type=state%2Echanged&after=" + after, received);

        JsonNode replayed = next(received, key);
        assertThat(replayed.get("id").asLong()).isEqualTo(first);
        assertThat(replayed.get("type").asText()).isEqualTo("state.changed");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /**
     * A query that is not valid percent-encoding is refused at the handshake with a 400 problem:
     * Tomcat failed on it with a 500. Java's client will not send such a query: the handshake is
     * written on a socket.
     */
    @Test
    void aQueryThatIsNotValidPercentEncodingIsABadRequestProblem() throws Exception {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /ws/events?after=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Basic " + credentials + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(raw.getInputStream());
            String head = readHeaders(in);

            assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json");
            int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            JsonNode problem = JSON.readTree(in.readNBytes(length));
            assertThat(problem.get("detail").asText()).isEqualTo("the query is not valid percent-encoding: after=%zz");
        }
    }

    private static String readHeaders(DataInputStream in) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf("\r\n\r\n") < 0) {
            text.append((char) in.readUnsignedByte());
        }
        return text.toString();
    }

    /**
     * A client that stops reading: once the server cannot send to it, the events meant for it pile
     * up until the backlog limit (500 in tests), and then its socket is closed with where to resume.
     * Resuming there, it gets every event, the last included.
     */
    @Test
    void aClientThatStopsReadingIsToldWhereToResumeAndMissesNothing() throws Exception {
        String type = "test.socket-" + System.nanoTime();
        StalledClient stalled = stalledClient("type=" + type);
        publishFillers(type);
        long last = 0;
        for (int i = 0; i <= 500; i++) {
            last = events.publish(type, "small", Map.of("n", i)).id();
        }

        Closed closed = stalled.readToTheEnd();
        assertThat(closed.status()).isEqualTo(1013);
        assertThat(closed.reason()).contains("more than 500 events waited to be sent");
        long resumeAfter = Long.parseLong(closed.reason().replaceAll(".*\\?after=(\\d+).*", "$1"));
        assertThat(resumeAfter).as("the last event the client got").isEqualTo(stalled.lastId);
        assertResumesThrough(type, resumeAfter, last);
    }

    /**
     * A client that stops reading while few events come: the send blocked on it gives up after the
     * send timeout (2 s in tests), and the connection is dropped. The client resumes after the last
     * event it got and misses nothing.
     */
    @Test
    void aSendThatTimesOutDropsTheConnectionAndTheClientResumesAfterWhatItGot() throws Exception {
        String type = "test.socket-" + System.nanoTime();
        StalledClient stalled = stalledClient("type=" + type);
        long last = publishFillers(type);
        Thread.sleep(3_000);

        Closed closed = stalled.readToTheEnd();
        assertThat(closed.status()).isNotEqualTo(WebSocket.NORMAL_CLOSURE);
        assertResumesThrough(type, stalled.lastId, last);
    }

    @Test
    void anAfterThatIsNotAnIdClosesTheSocketWithTheReason() throws Exception {
        Closed closed = stalledClient("after=yesterday").readToTheEnd();
        assertThat(closed.status()).isEqualTo(1008);
        assertThat(closed.reason()).isEqualTo("after must be an event id, a whole number: was yesterday");
    }

    /** Large events, more than the TCP buffers between the two ends hold: a send to a client that does not read then blocks. */
    private long publishFillers(String type) {
        String filler = "x".repeat(1 << 20);
        long last = 0;
        for (int i = 0; i < FILLERS; i++) {
            last = events.publish(type, "filler", Map.of("filler", filler)).id();
        }
        return last;
    }

    /** Reconnecting after an id, the client gets every event of its type after it, through the last one. */
    private void assertResumesThrough(String type, long after, long last) throws InterruptedException {
        assertThat(after).isLessThan(last);
        BlockingQueue<JsonNode> rest = new LinkedBlockingQueue<>();
        WebSocket resumed = connect("type=" + type + "&after=" + after, rest);
        long expected = after;
        while (expected < last) {
            JsonNode event = rest.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("the event after " + expected).isNotNull();
            assertThat(event.get("id").asLong()).isGreaterThan(expected);
            expected = event.get("id").asLong();
        }
        assertThat(expected).isEqualTo(last);
        resumed.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** How many 1 MiB events are sent before the small ones: more than the TCP buffers between the two ends hold. */
    private static final int FILLERS = 12;

    private record Closed(int status, String reason) { }

    private StalledClient stalledClient(String query) {
        StalledClient client = new StalledClient();
        client.socket = socketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events?" + query), client).join();
        return client;
    }

    /** A client that reads nothing until asked to (no demand at open), then records what it got and how it was closed. */
    private static final class StalledClient implements WebSocket.Listener {
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        volatile long lastId = -1;

        /** Reads whatever comes until the connection ends; how it ended (status -1 when dropped mid-frame). */
        Closed readToTheEnd() throws Exception {
            socket.request(Long.MAX_VALUE);
            return closed.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void onOpen(WebSocket socket) {
            // no request(1): the client reads nothing, as a client that stopped reading
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                lastId = json(text.toString()).get("id").asLong();
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(new Closed(status, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
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
