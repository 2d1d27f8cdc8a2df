package dev.caravan.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP agent for tests: answers {@code POST /<agent>/actions/<action>} with scripted
 * replies (status, body, headers, delay) and records every request it received, with its time,
 * headers and body. Unscripted actions answer success with an empty output.
 */
public final class StubAgent implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Kept, so that the port can still be told after the server stopped. */
    private final int port;
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Reply> defaults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One scripted answer. */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {

        public static Reply success(Map<String, Object> output) {
            return json(200, Map.of("status", "success", "output", output));
        }

        public static Reply failure(String error) {
            return json(200, Map.of("status", "failure", "error", error));
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":\"scripted " + status + "\"}", Map.of(), Duration.ZERO);
        }

        public static Reply json(int status, Map<String, Object> body) {
            try {
                return new Reply(status, JSON.writeValueAsString(body), Map.of(), Duration.ZERO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, headers, wait);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, all, delay);
        }
    }

    /** What the stub received. */
    public record Request(String agent, String action, Instant at, Map<String, String> headers, Map<String, Object> body) {
        public String idempotencyKey() {
            return headers.get("idempotency-key");
        }
    }

    public StubAgent() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public int port() {
        return port;
    }

    /** Answers the next calls of an action with these replies, in order; then the default. */
    public StubAgent script(String agent, String action, Reply... replies) {
        scripts.computeIfAbsent(agent + "/" + action, key -> new ConcurrentLinkedDeque<>()).addAll(List.of(replies));
        return this;
    }

    /** Answers every call of an action with this reply once the script is spent. */
    public StubAgent always(String agent, String action, Reply reply) {
        defaults.put(agent + "/" + action, reply);
        return this;
    }

    public List<Request> requests(String agent, String action) {
        return requests.stream().filter(r -> r.agent().equals(agent) && r.action().equals(action)).toList();
    }

    public List<Request> requests(String agent) {
        return requests.stream().filter(r -> r.agent().equals(agent)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length == 3 && parts[2].equals("health")) {
            send(exchange, new Reply(200, "{\"status\":\"UP\"}", Map.of(), Duration.ZERO));
            return;
        }
        if (parts.length != 4 || !parts[2].equals("actions")) {
            send(exchange, Reply.status(404));
            return;
        }
        String agent = parts[1];
        String action = parts[3];
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = raw.length == 0 ? Map.of() : JSON.readValue(raw, Map.class);
        requests.add(new Request(agent, action, Instant.now(), headers, body));
        Deque<Reply> script = scripts.get(agent + "/" + action);
        Reply reply = script == null ? null : script.poll();
        if (reply == null) {
            reply = defaults.getOrDefault(agent + "/" + action, Reply.success(Map.of()));
        }
        send(exchange, reply);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // the caller timed out and closed the connection: nothing to answer
        } finally {
            exchange.close();
        }
    }

    public void reset() {
        scripts.clear();
        defaults.clear();
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Every request's arrival times, for checking the spacing of retries. */
    public static List<Duration> gaps(List<Request> requests) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < requests.size(); i++) {
            gaps.add(Duration.between(requests.get(i - 1).at(), requests.get(i).at()));
        }
        return gaps;
    }
}
