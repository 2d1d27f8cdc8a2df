package dev.caravan.demo;

import static dev.caravan.demo.DemoClient.json;
import static dev.caravan.demo.DemoClient.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.agent.AgentRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.env.MockEnvironment;

/** The shipped demo registry, moved to a free port by caravan.demo.port, served by a real fleet over real HTTP. */
class DemoFleetTest {

    private static DemoFleet fleet;
    private static DemoClient client;

    @BeforeAll
    static void startFleet() {
        int port = DemoClient.freePort();
        AgentRegistry registry = AgentRegistry.load(Path.of("config/agents.yml"),
                new MockEnvironment().withProperty("caravan.demo.port", String.valueOf(port)));
        fleet = new DemoFleet(registry, DemoProperties.of(port, Duration.ZERO, 0.0));
        fleet.start();
        client = new DemoClient(fleet.baseUrl());
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    /** Every action of the seed workflows, on the agent the seed calls it on, with the fields it documents. */
    static Stream<Arguments> seedActions() {
        return Stream.of(
                Arguments.of("agent6", "scaffold_project", List.of("path", "files", "template")),
                Arguments.of("agent1", "create_api", List.of("endpoints")),
                Arguments.of("agent7", "code_quality_check", List.of("score", "issues")),
                Arguments.of("agent7", "quality_check", List.of("score", "issues")),
                Arguments.of("agent10", "security_scan", List.of("passed", "vulnerabilities")),
                Arguments.of("agent8", "performance_test", List.of("p95_ms", "requests_per_second")),
                Arguments.of("agent19", "deploy", List.of("url", "deployment_id", "environment")),
                Arguments.of("agent9", "log_error", List.of("logged", "log_id")),
                Arguments.of("agent8", "collect_metrics", List.of("error_rate", "cpu", "latency_p95_ms")),
                Arguments.of("agent9", "track_errors", List.of("errors", "error_rate")),
                Arguments.of("agent19", "rollback", List.of("rolled_back", "to_version")),
                Arguments.of("agent16", "ingest_data", List.of("rows", "source")),
                Arguments.of("agent16", "transform_data", List.of("rows", "transformations")),
                Arguments.of("agent16", "validate_data", List.of("valid", "invalid_rows")),
                Arguments.of("agent11", "analyze_data", List.of("rows_analyzed", "summary")),
                Arguments.of("agent16", "export_data", List.of("destination", "rows")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("seedActions")
    void answersEverySeedActionWithItsDocumentedFields(String agent, String action, List<String> fields) {
        HttpResponse<String> response = client.call(agent, action, Map.of(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response)).containsEntry("status", "success");
        assertThat(output(response)).containsKeys(fields.toArray(String[]::new)).containsEntry("demo", true);
    }

    @Test
    void outputsSatisfyTheSeedConditions() {
        assertThat(output(client.call("agent10", "security_scan", Map.of(), null)))
                .containsEntry("passed", true).containsEntry("vulnerabilities", 0);
        assertThat(output(client.call("agent8", "collect_metrics", Map.of(), null)))
                .containsEntry("error_rate", 0.01);
        assertThat(output(client.call("agent16", "validate_data", Map.of(), null))).containsEntry("valid", true);
    }

    @Test
    void outputsEchoTheParamsThatSteerThem() {
        assertThat(output(client.call("agent16", "ingest_data", Map.of("source", "s3://bucket/data.csv"), null)))
                .containsEntry("source", "s3://bucket/data.csv").containsEntry("format", "csv");
        assertThat(output(client.call("agent8", "collect_metrics", Map.of("error_rate", 0.2), null)))
                .containsEntry("error_rate", 0.2);
        assertThat(output(client.call("agent6", "scaffold_project", Map.of("name", "my-project"), null)))
                .containsEntry("path", "/workspace/my-project");
    }

    @Test
    void healthAnswersUp() {
        HttpResponse<String> response = client.get("/agent10/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("status", "UP").containsEntry("agent", "agent10");
    }

    @Test
    void unknownActionIsA404InTheProtocolsFailureShape() {
        HttpResponse<String> response = client.call("agent10", "make_coffee", Map.of(), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response)).isEqualTo(Map.of("status", "failure", "error", "agent10 has no action 'make_coffee'"));
    }

    @Test
    void declaredCapabilityWithoutATailoredOutputIsAcknowledged() {
        HttpResponse<String> response = client.call("agent2", "check_links", Map.of("site", "https://example.org"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(output(response)).containsEntry("handled", true)
                .containsEntry("params", Map.of("site", "https://example.org")).containsEntry("demo", true);
    }

    @Test
    void knownActionOnAnAgentThatDoesNotDeclareItIsAnsweredLeniently() {
        assertThat(client.call("agent10", "deploy", Map.of(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongMethodAndBadBodyAreRejected() {
        HttpResponse<String> postToHealth = client.post("/agent10/health", "{}", null);
        assertThat(postToHealth.statusCode()).isEqualTo(405);
        assertThat(postToHealth.headers().firstValue("Allow")).hasValue("GET");
        assertThat(client.get("/agent10/actions/security_scan").statusCode()).isEqualTo(405);

        HttpResponse<String> badBody = client.post("/agent10/actions/security_scan", "[1, 2", null);
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(json(badBody)).containsEntry("status", "failure");
        assertThat(client.get("/agent99/health").statusCode()).isEqualTo(404);
    }

    @Test
    void repeatedIdempotencyKeyReplaysTheFirstAnswer() {
        HttpResponse<String> first = client.call("agent19", "deploy", Map.of(), "run-7:deploy");
        HttpResponse<String> retry = client.call("agent19", "deploy", Map.of(), "run-7:deploy");
        HttpResponse<String> otherStep = client.call("agent19", "deploy", Map.of(), "run-8:deploy");

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(output(otherStep).get("deployment_id")).isNotEqualTo(output(first).get("deployment_id"));
    }

    @Test
    void labelsItsAgentsAsDemo() {
        assertThat(fleet.isDemo("agent10")).isTrue();
        assertThat(fleet.isDemo("agent20")).as("Caravan itself has no instance").isFalse();
        assertThat(fleet.agentIds()).hasSize(19);
    }
}
