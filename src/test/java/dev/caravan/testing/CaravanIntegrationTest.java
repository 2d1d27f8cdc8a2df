package dev.caravan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of tests that run Caravan whole: Spring Boot on a random port, the real Camel context,
 * state in the local PostgreSQL (or, with {@code -Dcaravan.it.database=h2}, the embedded H2: the
 * build runs the suite on both), the demo fleet on a free port, and a {@link StubAgent} registered
 * beside the demo agents. Every
 * such test shares one application context (same configuration), so Caravan starts once per run
 * of the suite. Tests talk to Caravan over real HTTP, with the admin's credentials.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "caravan.security.admin-password=" + CaravanIntegrationTest.PASSWORD,
        "caravan.demo.enabled=true",
        "caravan.demo.latency=5ms",
        "caravan.runs.lease=3s",
        "caravan.agents.breaker.sliding-window-size=6",
        "caravan.agents.breaker.minimum-number-of-calls=6",
        "caravan.agents.breaker.wait-in-open-state=2s",
        "caravan.agents.breaker.permitted-calls-in-half-open-state=1",
        // EventSocketIT makes a client fall this far behind; the default, 10,000, would take 20 times the events
        "caravan.events.socket.backlog-limit=500",
        "caravan.events.socket.send-timeout=2s",
        // ApiIT sends bodies over it: below Tomcat's swallow size (2 MB), the connection outlives the 413
        "caravan.api.max-body-size=256KB",
        // a workflow's own limit, below the API's: ApiIT and WatchedFolderIT send texts over it
        "caravan.workflows.max-source-size=128KB",
        "caravan.notify.slack-webhook-url=http://127.0.0.1:${stub.port}/slack/actions/post",
        // each test context's Camel in JMX under a name of its own (caravan-1, caravan-2, ...): the
        // contexts of one JVM share one MBean server, where a second "caravan" would not register
        "camel.main.jmx-management-name-pattern=#name#-#counter#",
        // Spring keeps every test context alive for the next test class that asks for it, and each
        // kept its ten pooled connections: nine contexts held 90 of PostgreSQL's 100, and one more
        // failed the build with "too many clients". Idle, a context now keeps one
        "spring.datasource.hikari.minimum-idle=1",
        "spring.datasource.hikari.idle-timeout=10000"
})
public abstract class CaravanIntegrationTest {

    public static final String PASSWORD = "integration-secret";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final StubAgent STUB = new StubAgent();
    /** A second stub server: agent {@code pair} has an instance here and one on {@link #STUB}, so a test may stop one. */
    protected static final StubAgent SPARE = new StubAgent();

    @LocalServerPort
    protected int port;

    /** The stub agents, registered after the shipped demo registry: each test uses its own. */
    private static final String STUB_AGENTS = """
              - id: retrying
                name: Stub that fails before it succeeds
                tier: platform
                capabilities: [stub_work]
                instances: [ "http://127.0.0.1:${stub.port}/retrying" ]
              - id: linear
                name: Stub for linear backoff
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/linear" ]
              - id: throttled
                name: Stub that answers 429
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/throttled" ]
              - id: rejecting
                name: Stub that answers 4xx
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/rejecting" ]
              - id: breaking
                name: Stub whose breaker opens
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/breaking" ]
              - id: slow
                name: Stub that answers late
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/slow" ]
              - id: hooks
                name: Stub that receives failure hooks
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/hooks" ]
              - id: flow
                name: Stub for control flow
                tier: platform
                capabilities: [flow_work]
                instances: [ "http://127.0.0.1:${stub.port}/flow" ]
              - id: async
                name: Stub that answers 202 and calls back
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/async" ]
              - id: twin
                name: Stub with two instances
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/twin-a", "http://127.0.0.1:${stub.port}/twin-b" ]
              - id: routed
                name: An agent on another Camel transport (a route of the test)
                tier: platform
                instances: [ "direct:caravan-it-routed" ]
              - id: pair
                name: Stub with an instance on each of two servers
                tier: platform
                instances: [ "http://127.0.0.1:${stub.port}/pair", "http://127.0.0.1:${stub.spare.port}/pair" ]
            """;

    @DynamicPropertySource
    static void caravan(DynamicPropertyRegistry registry) throws IOException {
        registry.add("stub.port", STUB::port);
        registry.add("stub.spare.port", SPARE::port);
        if ("h2".equals(System.getProperty("caravan.it.database"))) {
            // the same suite on the embedded default, in a file of this run of the suite
            Path folder = Files.createTempDirectory("caravan-it-h2");
            registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + folder.resolve("caravan") + ";DB_CLOSE_ON_EXIT=FALSE");
            registry.add("spring.datasource.username", () -> "sa");
        } else {
            // state in the real PostgreSQL, in a schema of this run of the suite
            String schema = TestDatabases.freshSchema();
            registry.add("spring.datasource.url", () -> TestDatabases.postgresUrl(schema));
            registry.add("spring.datasource.username", () -> TestDatabases.POSTGRES_USER);
            registry.add("spring.flyway.schemas", () -> schema);
        }
        registry.add("spring.datasource.password", () -> "");
        // Quartz keeps each scheduler's database connections in a JVM-wide registry under the
        // scheduler's name: two test contexts in one JVM (different settings make a second one)
        // with the same name would share the last one's database. One name per context, as one
        // JVM per node has in production, where every node must use the same name.
        String schedulerName = "caravan-it-" + Long.toHexString(System.nanoTime());
        registry.add("spring.quartz.scheduler-name", () -> schedulerName);
        // a demo fleet per context: a context with demo settings of its own (SeedWorkflowsIT's
        // latencies) would otherwise share the port of a context started before it, and its calls
        // would go to that context's fleet
        int demoPort = FreePorts.next();
        registry.add("caravan.demo.port", () -> demoPort);
        Path agents = Files.createTempFile("caravan-it-agents", ".yml");
        Files.writeString(agents, Files.readString(Path.of("config/agents.yml")) + STUB_AGENTS);
        agents.toFile().deleteOnExit();
        registry.add("caravan.agents.file", agents::toString);
    }


    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> get(String path) {
        return send(authorized(HttpRequest.newBuilder(uri(path))).GET().build());
    }

    protected HttpResponse<String> post(String path, String contentType, String body) {
        return send(authorized(HttpRequest.newBuilder(uri(path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> anonymous(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * A request written as text onto a socket, and all the server answered until it closed: for
     * requests Java's HTTP client refuses to send (a request line that is not HTTP, a malformed
     * percent-encoding). The request should say {@code Connection: close}.
     */
    protected String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        return TestHttp.send(request);
    }

    protected static HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return TestHttp.asAdmin(builder, PASSWORD);
    }

    /** Deploys a workflow through the API and returns its id; fails the test on any error. */
    protected String deploy(String yaml) {
        HttpResponse<String> response = post("/api/definitions", "application/yaml", yaml);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new AssertionError("deploy failed with " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("id").asText();
    }

    /** Runs a workflow through the API, waiting for its result. */
    protected JsonNode run(String workflow, Map<String, Object> params) {
        try {
            String body = JSON.writeValueAsString(Map.of("workflow", workflow, "params", params, "wait", true));
            HttpResponse<String> response = post("/api/workflows/execute", "application/json", body);
            if (response.statusCode() != 200) {
                throw new AssertionError("execute answered " + response.statusCode() + ": " + response.body());
            }
            return json(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@code "wait": true} answered for a run is what the API reads of it afterwards: the
     * answer is the stored run, not a view of its own.
     */
    protected void assertAnsweredAsStored(JsonNode answered) {
        HttpResponse<String> stored = get("/api/workflows/" + answered.get("workflowId").asText());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(json(stored)).isEqualTo(answered);
    }

    /** The response is an {@code application/problem+json} problem with this status, detail and instance. */
    protected static JsonNode assertProblem(HttpResponse<String> response, int status, String detail, String instance) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(problem.get("instance").asText()).isEqualTo(instance);
        return problem;
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The entry of a step in a run's result. */
    protected static JsonNode step(JsonNode result, String stepId) {
        for (JsonNode step : result.get("steps")) {
            if (step.get("stepId").asText().equals(stepId)) {
                return step;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + result.toPrettyString());
    }
}
