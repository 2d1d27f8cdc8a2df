package dev.caravan.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.agent.AgentDefinition;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.agent.AgentTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configured behaviour: failure rate, latency, per-agent overrides, and sharing a port. */
class DemoFleetBehaviourTest {

    private final int port = DemoClient.freePort();
    private final DemoClient client = new DemoClient("http://127.0.0.1:" + port);

    private AgentRegistry registry() {
        return AgentRegistry.of(List.of(
                agent("agent9", "track_errors"),
                agent("agent10", "security_scan"),
                agent("agent19", "deploy")));
    }

    private AgentDefinition agent(String id, String capability) {
        return new AgentDefinition(id, id, AgentTier.QUALITY, List.of(capability),
                List.of("http://127.0.0.1:" + port + "/" + id), "");
    }

    @Test
    void failureRateOneAnswersEveryCall503() {
        try (DemoFleet fleet = new DemoFleet(registry(), DemoProperties.of(port, Duration.ZERO, 1.0))) {
            fleet.start();

            HttpResponse<String> first = client.call("agent10", "security_scan", Map.of(), "run-1:scan");
            HttpResponse<String> retry = client.call("agent10", "security_scan", Map.of(), "run-1:scan");

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(DemoClient.json(first)).containsEntry("status", "failure").containsEntry("error",
                    "agent10 is unavailable (simulated by the demo fleet, failure rate 1.0)");
            assertThat(retry.statusCode()).isEqualTo(503);
            assertThat(client.get("/agent10/health").statusCode()).as("health is not subject to failures").isEqualTo(200);
        }
    }

    @Test
    void retryAfterASimulatedFailureGetsAFreshChanceAndThenItsAnswerIsKept() {
        try (DemoFleet fleet = new DemoFleet(registry(), DemoProperties.of(port, Duration.ZERO, 0.5))) {
            fleet.start();
            String key = keyWhoseFirstCallFailed();

            HttpResponse<String> success = callUntilSuccess(key);
            for (int i = 0; i < 5; i++) {
                assertThat(client.call("agent19", "deploy", Map.of(), key).body()).isEqualTo(success.body());
            }
        }
    }

    private String keyWhoseFirstCallFailed() {
        for (int run = 0; run < 100; run++) {
            String key = "run-" + run + ":deploy";
            if (client.call("agent19", "deploy", Map.of(), key).statusCode() == 503) {
                return key;
            }
        }
        throw new AssertionError("no call failed in 100 tries at failure rate 0.5");
    }

    private HttpResponse<String> callUntilSuccess(String key) {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> response = client.call("agent19", "deploy", Map.of(), key);
            if (response.statusCode() == 200) {
                return response;
            }
        }
        throw new AssertionError("a retry never succeeded: the failure was remembered for " + key);
    }

    @Test
    void perAgentOverrideAppliesToThatAgentOnly() {
        DemoProperties properties = new DemoProperties(true, port, Duration.ZERO, 0.0,
                Map.of("agent10", new DemoProperties.AgentBehaviour(null, 1.0)));
        try (DemoFleet fleet = new DemoFleet(registry(), properties)) {
            fleet.start();

            assertThat(client.call("agent10", "security_scan", Map.of(), null).statusCode()).isEqualTo(503);
            assertThat(client.call("agent9", "track_errors", Map.of(), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void callsTakeTheConfiguredLatencyWithinItsJitter() {
        try (DemoFleet fleet = new DemoFleet(registry(), DemoProperties.of(port, Duration.ofMillis(200), 0.0))) {
            fleet.start();

            long start = System.nanoTime();
            assertThat(client.call("agent10", "security_scan", Map.of(), null).statusCode()).isEqualTo(200);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void fleetsOnOnePortShareTheServerUntilTheLastStops() {
        DemoFleet first = new DemoFleet(registry(), DemoProperties.of(port, Duration.ZERO, 0.0));
        DemoFleet second = new DemoFleet(registry(), DemoProperties.of(port, Duration.ZERO, 0.0));
        first.start();
        second.start();

        first.close();
        assertThat(client.get("/agent10/health").statusCode()).isEqualTo(200);

        second.close();
        assertThatThrownBy(() -> client.get("/agent10/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void portTakenBySomethingElseIsAClearError() throws IOException {
        try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            DemoFleet fleet = new DemoFleet(registry(), DemoProperties.of(port, Duration.ZERO, 0.0));

            assertThatThrownBy(fleet::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot start the demo agent fleet on 127.0.0.1:" + squatter.getLocalPort() + ": ")
                    .hasMessageEndingWith("(set caravan.demo.port, or caravan.demo.enabled=false)");
        }
    }

    @Test
    void outOfRangeSettingsAreRejected() {
        assertThatThrownBy(() -> DemoProperties.of(port, Duration.ZERO, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("caravan.demo.failure-rate must be within 0.0 and 1.0, got 1.5");
        assertThatThrownBy(() -> DemoProperties.of(port, Duration.ofMillis(-1), 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("caravan.demo.latency must not be negative, got PT-0.001S");
    }
}
