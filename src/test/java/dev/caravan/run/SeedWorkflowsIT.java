package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * The first seed's workflows, shipped unchanged in workflows/ and deployed at start-up, run
 * against the demo fleet. The quality-check agents answer slowly here (150ms), so that the
 * branches' overlap in time is plain.
 */
@TestPropertySource(properties = {
        "caravan.demo.agents.agent7.latency=150ms",
        "caravan.demo.agents.agent8.latency=150ms",
        "caravan.demo.agents.agent10.latency=150ms"
})
class SeedWorkflowsIT extends CaravanIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"build-project", "complete-project-build", "continuous-monitoring",
            "data-processing-pipeline"})
    void everySeedExampleRunsToSuccessAgainstTheDemoFleet(String workflow) {
        JsonNode result = run(workflow, Map.of("projectName", "my-app"));

        assertThat(result.get("status").asText()).as(result.toPrettyString()).isEqualTo("success");
        assertThat(result.get("metrics").get("failedSteps").asInt()).isZero();
        assertThat(result.get("workflow").asText()).isEqualTo(workflow);
        assertAnsweredAsStored(result);
    }

    @Test
    void theQualityCheckBranchesOverlapAndDeploySeesTheScanResult() {
        JsonNode result = run("build-project", Map.of());

        ControlFlowIT.assertOverlap(step(result, "quality_check"), step(result, "security_scan"),
                step(result, "performance_test"));
        // told on this class's fleet, whose branches take 150 ms (plus or minus half) each
        JsonNode scan = step(result, "security_scan");
        assertThat(Duration.between(Instant.parse(scan.get("startTime").asText()),
                Instant.parse(scan.get("endTime").asText())).toMillis()).isGreaterThanOrEqualTo(75);
        assertThat(step(result, "security_scan").get("output").get("passed").asBoolean()).isTrue();
        assertThat(step(result, "deploy").get("status").asText()).isEqualTo("success");
        assertThat(step(result, "deploy").get("agent").asText()).isEqualTo("agent19");
    }

    @Test
    void deployIsSkippedWhenTheSecurityScanDoesNotPass() {
        STUB.reset();
        STUB.always("flow", "security_scan", Reply.success(Map.of("passed", false, "vulnerabilities", 3)));
        deploy("""
                id: gated-deploy
                name: Gated deploy
                steps:
                  - id: quality_check
                    agent: agent7
                    action: code_quality_check
                    parallel:
                      - agent: flow
                        action: security_scan
                  - id: deploy
                    agent: agent19
                    action: deploy
                    depends_on: [quality_check]
                    condition: "quality_check.success && security_scan.passed"
                """);

        JsonNode result = run("gated-deploy", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "security_scan").get("output").get("vulnerabilities").asInt()).isEqualTo(3);
        assertThat(step(result, "deploy").get("status").asText()).isEqualTo("skipped");
        assertAnsweredAsStored(result);
    }
}
