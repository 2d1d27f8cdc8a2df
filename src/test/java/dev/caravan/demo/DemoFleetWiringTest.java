package dev.caravan.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.agent.AgentProperties;
import dev.caravan.agent.AgentRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The one Spring check: a bare context (no Spring Boot application, no auto-configuration) with
 * just the registry and the fleet, to prove the switch, the settings binding and the lifecycle.
 */
class DemoFleetWiringTest {

    @EnableConfigurationProperties({AgentProperties.class, DemoProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, AgentRegistry.class, DemoFleet.class);

    @Test
    void demoFleetRunsWithTheShippedRegistryByDefaultAndStepsAsideForRealAgents() {
        int port = DemoClient.freePort();
        DemoClient client = new DemoClient("http://127.0.0.1:" + port);

        runner.withPropertyValues("caravan.demo.port=" + port).run(context -> {
            assertThat(context.getBean(AgentProperties.class).file()).isEqualTo(Path.of("config/agents.yml"));
            assertThat(context.getBean(DemoProperties.class).latency()).isEqualTo(Duration.ofMillis(20));
            assertThat(context.getBean(DemoFleet.class).isDemo("agent10")).isTrue();
            assertThat(context.getBean(DemoFleet.class).isEnabled()).isTrue();
            assertThat(client.get("/agent10/health").statusCode()).isEqualTo(200);
        });
        assertThatThrownBy(() -> client.get("/agent10/health"))
                .as("closing the context stops the fleet").isInstanceOf(UncheckedIOException.class);

        runner.withPropertyValues("stub.port=" + port, "caravan.demo.port=" + port)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("systemEnvironment",
                                Map.of("CARAVAN_AGENTS_FILE", "src/test/resources/agents/good.yml"))))
                .run(context -> {
                    assertThat(context.getBean(AgentRegistry.class).hasAgent("report-writer")).isTrue();
                    DemoFleet fleet = context.getBean(DemoFleet.class);
                    assertThat(fleet.isEnabled()).isFalse();
                    assertThat(fleet.isRunning()).isFalse();
                    assertThat(fleet.agentIds()).isEmpty();
                    assertThat(fleet.isDemo("report-writer")).isFalse();
                    assertThatThrownBy(() -> client.get("/agent10/health"))
                            .as("nothing listens on the demo port").isInstanceOf(UncheckedIOException.class);
                });
    }
}
