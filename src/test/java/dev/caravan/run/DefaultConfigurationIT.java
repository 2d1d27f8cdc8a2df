package dev.caravan.run;

import dev.caravan.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.demo.DemoFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Caravan as a fresh checkout starts it: the shipped settings, registry and workflows, state in the
 * embedded H2 file under the data folder, with only the ports and that folder moved out of the way.
 * The demo fleet must be on, and the seed's build runs to success and is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "caravan.security.admin-password=default-configuration",
        "caravan.data-dir=target/default-configuration-it"})
class DefaultConfigurationIT {

    @Autowired
    private WorkflowOrchestrator orchestrator;

    @Autowired(required = false)
    private DemoFleet demo;

    @Autowired
    private WorkflowCatalog catalog;

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        int port = FreePorts.next();
        registry.add("caravan.demo.port", () -> port);
    }

    @Test
    void theDemoFleetIsOnAndTheSeedBuildSucceeds() {
        assertThat(demo).as("demo fleet bean").isNotNull();
        assertThat(demo.isDemo("agent10")).isTrue();

        WorkflowResult result = orchestrator.execute(
                WorkflowOrchestrator.ExecuteRequest.of("build-project", Map.of("projectName", "fresh")));

        assertThat(result.status()).as(result.toString()).isEqualTo("success");
        assertThat(result.metrics().successfulSteps()).isEqualTo(6);
        assertThat(java.nio.file.Path.of("target/default-configuration-it/caravan.mv.db")).exists();
        assertThat(orchestrator.result(result.workflowId()).orElseThrow().status()).isEqualTo("success");
    }

    @Test
    void aSlackHookWithoutSlackWebhookUrlIsAWarningAtDeployNotAnError() throws Exception {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("workflows/build-project.yml"));

        Deployment deployment = catalog.deploy("build-project.yml", text);

        assertThat(deployment.created()).isFalse();
        assertThat(deployment.warnings()).singleElement().asString().contains("SLACK_WEBHOOK_URL is not set");
    }

}
