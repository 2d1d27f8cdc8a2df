package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code target/caravan.jar} as a user runs it: its own process, {@code java -jar} from the
 * repository folder, configured by environment variables only. It must start, load its routes from
 * inside the jar, and run a seed workflow against the demo fleet.
 */
class PackagedJarIT {

    private static final String PASSWORD = "packaged-secret";
    private Process caravan;

    @AfterEach
    void stop() throws InterruptedException {
        if (caravan != null) {
            caravan.destroy();
            caravan.waitFor();
        }
    }

    @Test
    void theJarStartsAndRunsASeedWorkflow() throws Exception {
        Path jar = Path.of("target/caravan.jar");
        assertThat(jar).as("run after ./mvnw package").exists();
        int port = freePort();
        Path log = Files.createTempFile("caravan-jar", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("CARAVAN_DEMO_PORT", String.valueOf(freePort()));
        builder.environment().put("CARAVAN_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("CARAVAN_DATA_DIR", Files.createTempDirectory("caravan-data").toString());
        caravan = builder.start();

        HttpClient http = HttpClient.newHttpClient();
        awaitHealthy(http, port, log);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/workflows/execute"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"continuous-monitoring\", \"wait\": true}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(response.body());
        assertThat(result.get("status").asText()).isEqualTo("success");
    }

    private void awaitHealthy(HttpClient http, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            assertThat(caravan.isAlive()).as("Caravan exited:\n%s", tail(log)).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Caravan did not become healthy in 90s:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
