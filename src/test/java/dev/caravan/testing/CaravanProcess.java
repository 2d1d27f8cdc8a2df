package dev.caravan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Caravan as its own process: {@code java -jar target/caravan.jar} from the repository folder,
 * configured by environment variables only, as a user runs it. It can be stopped gently or killed
 * (SIGKILL) and started again with the same settings.
 */
public final class CaravanProcess implements AutoCloseable {

    public static final String PASSWORD = "process-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, String> environment;
    private final int port;
    private final Path log;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;

    public CaravanProcess(Map<String, String> settings) {
        this.port = FreePorts.next();
        this.environment = new HashMap<>(settings);
        environment.put("PORT", String.valueOf(port));
        environment.putIfAbsent("CARAVAN_DEMO_PORT", String.valueOf(FreePorts.next()));
        environment.put("CARAVAN_ADMIN_PASSWORD", PASSWORD);
        try {
            environment.putIfAbsent("CARAVAN_DATA_DIR", Files.createTempDirectory("caravan-data").toString());
            this.log = Files.createTempFile("caravan-process", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code more}, with Caravan's state in a fresh schema of the test PostgreSQL. */
    public static Map<String, String> onPostgres(Map<String, String> more) {
        String schema = TestDatabases.freshSchema();
        Map<String, String> settings = new HashMap<>(more);
        settings.put("DATABASE_URL", "postgresql://" + TestDatabases.POSTGRES_USER + "@127.0.0.1:5432/test?currentSchema="
                + schema);
        settings.put("SPRING_FLYWAY_SCHEMAS", schema);
        return settings;
    }

    /**
     * Settings for a registry of one agent, {@code agentId}, served by {@code stub} at
     * {@code /agentId}, and a workflows folder holding {@code workflows} (file name without
     * {@code .yml} to workflow text), both in a new temporary folder.
     */
    public static Map<String, String> oneStubAgent(StubAgent stub, String agentId, Map<String, String> workflows)
            throws IOException {
        Path folder = Files.createTempDirectory("caravan-process");
        Path agents = folder.resolve("agents.yml");
        Files.writeString(agents, """
                agents:
                  - id: %s
                    name: Stub agent %s
                    tier: platform
                    instances: [ "http://127.0.0.1:%d/%s" ]
                """.formatted(agentId, agentId, stub.port(), agentId));
        Path workflowsFolder = Files.createDirectories(folder.resolve("workflows"));
        for (Map.Entry<String, String> workflow : workflows.entrySet()) {
            Files.writeString(workflowsFolder.resolve(workflow.getKey() + ".yml"), workflow.getValue());
        }
        return Map.of("CARAVAN_AGENTS_FILE", agents.toString(), "CARAVAN_WORKFLOWS_DIR", workflowsFolder.toString());
    }

    /** Options for the JVM, before {@code -jar}, at every start from now on. */
    public CaravanProcess withJvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Starts the jar and waits until its health answers UP. */
    public CaravanProcess start() {
        launch();
        awaitHealthy();
        return this;
    }

    /**
     * Starts the jar for a start-up that must fail, and returns what it printed once it has exited.
     *
     * @throws AssertionError when it is still running after 90 s, or exited with status 0
     */
    public String startExpectingFailure() throws InterruptedException {
        launch();
        if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("Caravan is still running, 90 s after a start that should have failed:\n"
                    + logTail());
        }
        if (process.exitValue() == 0) {
            throw new AssertionError("Caravan exited with status 0 from a start that should have failed:\n" + logTail());
        }
        return log();
    }

    private void launch() {
        Path jar = Path.of("target/caravan.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/caravan.jar is missing: run ./mvnw package first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing Caravan can do about it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        return TestHttp.asAdmin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), PASSWORD);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return TestHttp.send(request);
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Caravan exited:\n" + logTail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
                Thread.sleep(300);
            } catch (IOException notYet) {
                sleepBriefly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Caravan did not become healthy in 90s:\n" + logTail());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything Caravan logged in this life of the process. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines Caravan logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

}
