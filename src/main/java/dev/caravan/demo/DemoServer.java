package dev.caravan.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.caravan.demo.DemoExchange.Request;
import dev.caravan.demo.DemoExchange.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One HTTP server per port per JVM, shared by every fleet on that port. Several Spring contexts
 * in one test JVM each start a fleet on the same port; instead of failing with "address in use",
 * they join the running server, and the last one to leave stops it. A request goes to the first
 * joined fleet that serves its path.
 */
final class DemoServer {

    private static final Map<Integer, DemoServer> RUNNING = new HashMap<>();
    private static final String LOOPBACK = "127.0.0.1";

    private final int port;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<DemoAgents> fleets = new CopyOnWriteArrayList<>();

    private DemoServer(int port) throws IOException {
        this.port = port;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /**
     * Adds the fleet to the server on its port, starting the server if none runs there.
     *
     * @throws IllegalStateException when the port is taken by something else
     */
    static void join(int port, DemoAgents fleet) {
        synchronized (RUNNING) {
            DemoServer server = RUNNING.get(port);
            if (server == null) {
                server = start(port);
                RUNNING.put(port, server);
            }
            server.fleets.add(fleet);
        }
    }

    /** Removes the fleet; stops the server when it was the last one. */
    static void leave(int port, DemoAgents fleet) {
        synchronized (RUNNING) {
            DemoServer server = RUNNING.get(port);
            if (server != null && server.fleets.remove(fleet) && server.fleets.isEmpty()) {
                RUNNING.remove(port);
                server.server.stop(0);
                server.executor.shutdownNow();
            }
        }
    }

    private static DemoServer start(int port) {
        try {
            return new DemoServer(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the demo agent fleet on " + LOOPBACK + ":" + port + ": "
                    + e.getMessage() + " (set caravan.demo.port, or caravan.demo.enabled=false)", e);
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body.readAllBytes());
            respond(exchange, route(request));
        }
    }

    private Response route(Request request) {
        try {
            return fleets.stream()
                    .filter(fleet -> fleet.serves(request.path()))
                    .findFirst()
                    .map(fleet -> fleet.handle(request))
                    .orElseGet(() -> Response.failure(404, "no demo agent at " + request.path() + " on port " + port));
        } catch (RuntimeException e) {
            // HttpServer would drop the connection without a word; a caller learns more from a 500
            return Response.failure(500, "the demo fleet failed: " + e);
        }
    }

    private static void respond(HttpExchange exchange, Response response) throws IOException {
        byte[] json = response.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (response.allow() != null) {
            exchange.getResponseHeaders().set("Allow", response.allow());
        }
        exchange.sendResponseHeaders(response.status(), json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
