package dev.caravan.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One instance's GET /health over real HTTP: what counts as healthy, and how long a check may take. */
class HealthProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static HttpServer server;
    private static HealthProbe probe;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        answer("/up/health", 200, "{\"status\": \"UP\"}");
        answer("/plain/health", 200, "ok");
        answer("/down/health", 200, "{\"status\": \"DOWN\"}");
        answer("/failing/health", 503, "{\"status\": \"DOWN\"}");
        server.createContext("/hung/health", exchange -> {
            try {
                NEVER.await();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        probe = new HealthProbe(TIMEOUT, new ObjectMapper());
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        probe.close();
        server.stop(0);
    }

    private static void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static HealthCheck check(String path) {
        return probe.check("agent1", "http://127.0.0.1:" + server.getAddress().getPort() + path).join();
    }

    @Test
    void aTwoHundredWithStatusUpOrWithoutAStatusIsHealthy() {
        assertThat(check("/up")).isEqualTo(new HealthCheck("agent1", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/up", true, null));
        assertThat(check("/plain").healthy()).isTrue();
    }

    @Test
    void anotherStatusOrAnErrorAnswerIsDownWithTheReason() {
        assertThat(check("/down").reason()).isEqualTo("GET /health answered status DOWN");
        assertThat(check("/failing").reason()).isEqualTo("GET /health answered HTTP 503");
    }

    @Test
    void aHungInstanceIsDownOnceTheTimeoutHasPassedNotLater() {
        long started = System.nanoTime();

        HealthCheck hung = check("/hung");

        assertThat(hung.healthy()).isFalse();
        assertThat(hung.reason()).isEqualTo("no answer to GET /health within 2000ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(4));
    }

    @Test
    void anInstanceNobodyListensOnIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HealthCheck refused = probe.check("agent1", "http://127.0.0.1:" + closedPort).join();

        assertThat(refused.healthy()).isFalse();
        assertThat(refused.reason()).startsWith("GET /health failed: ConnectException");
    }
}
