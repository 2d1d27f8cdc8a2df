import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's agent: the least an agent can be, so that what is measured is Caravan (or a
 * floor), not the agent. Speaks the agent protocol (docs/agent-protocol.md) on every path of the
 * form {@code /lat/<ms>/actions/<action>}: it waits {@code <ms>} milliseconds, then answers
 * {@code 200 {"status":"success","output":{}}}. The latency is part of the path so that one process
 * serves every agent of the bench registry (a 0 ms one, a 10 ms one, a 5 s one) and every floor.
 *
 * <p>{@code GET .../health} answers UP; {@code GET /calls} tells how many actions were served.
 *
 * <p>Usage: {@code java StubAgent <port-file>}: listens on a free port and writes it to the file.
 */
public final class StubAgent {

    private static final byte[] SUCCESS = "{\"status\":\"success\",\"output\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private static final AtomicLong calls = new AtomicLong();

    public static void main(String[] args) throws IOException {
        // backlog well above the bench's largest burst: 10,000 runs call it at once
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16_384);
        // a sleeping call holds a virtual thread only, so a 5 s agent serves 10,000 calls at once
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", StubAgent::handle);
        server.start();
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), String.valueOf(server.getAddress().getPort()));
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/calls")) {
                reply(exchange, 200, String.valueOf(calls.get()).getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/health")) {
                reply(exchange, 200, UP);
            } else if (path.startsWith("/lat/") && path.contains("/actions/")) {
                sleep(latencyOf(path));
                calls.incrementAndGet();
                reply(exchange, 200, SUCCESS);
            } else {
                reply(exchange, 404, "{\"status\":\"failure\",\"error\":\"no such path\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code /lat/<ms>/actions/<action>} → ms. */
    private static long latencyOf(String path) {
        return Long.parseLong(path.substring("/lat/".length(), path.indexOf('/', "/lat/".length())));
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
