package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.StubAgent.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/caravan.jar} as a user runs it: its own process, {@code java -jar} from the
 * repository folder, configured by environment variables only. It must start, load its routes from
 * inside the jar, and run a seed workflow against the demo fleet, with state in the embedded H2.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class PackagedJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJarStartsAndRunsASeedWorkflow() throws Exception {
        try (CaravanProcess caravan = new CaravanProcess(Map.of()).start()) {
            HttpResponse<String> response = caravan.postJson("/api/workflows/execute",
                    "{\"workflow\": \"continuous-monitoring\", \"wait\": true}");

            assertThat(caravan.log()).as("no setting asks otherwise: the jar starts in Spring's ahead-of-time mode")
                    .contains("Starting AOT-processed CaravanApplication");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(response.body());
            assertThat(result.get("status").asText()).isEqualTo("success");
        }
    }

    /**
     * The fast start (bin/aot-cache prints it): Spring's ahead-of-time mode, whose beans were fixed
     * when the jar was built, in the embedded default's environment. Started on PostgreSQL with
     * real agents, it must still be that Caravan: the demo fleet off, the agents file's agent
     * called, the folder's workflow deployed, the run stored.
     */
    @Test
    void theFastStartDecidesAtStartUpWhatTheBuildCouldNotKnow() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            agent.always("writer", "draft", Reply.success(Map.of("words", 120)));
            try (CaravanProcess caravan = new CaravanProcess(settings(agent))
                    .withJvmOptions("-Dspring.aot.enabled=true").start()) {
                HttpResponse<String> response = caravan.postJson("/api/workflows/execute",
                        "{\"workflow\": \"draft-twice\", \"wait\": true}");

                assertThat(caravan.log()).as("Spring ran the code generated at build time")
                        .contains("Starting AOT-processed CaravanApplication");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode result = JSON.readTree(response.body());
                assertThat(result.get("status").asText()).isEqualTo("success");
                assertThat(agent.requests("writer", "draft")).hasSize(2);
                JsonNode stored = JSON.readTree(caravan.get("/api/workflows/" + result.get("workflowId").asText()).body());
                assertThat(stored.get("status").asText()).isEqualTo("success");
                JsonNode writer = JSON.readTree(caravan.get("/api/agents/writer").body());
                assertThat(writer.get("demo").asBoolean()).as("a real agent, not a demo one").isFalse();
                JsonNode agents = JSON.readTree(caravan.get("/api/agents").body());
                assertThat(agents.get("demo").asBoolean()).as("the registry says no demo fleet runs").isFalse();
                assertThat(caravan.log()).as("real agents configured: no demo fleet").doesNotContain("DEMO agent fleet");
            }
        }
    }

    /**
     * A Spring Boot setting that adds one of Boot's features, here an actuator endpoint the jar
     * does not expose, would be ignored in the ahead-of-time mode (the build chose the beans): it
     * starts Caravan without that mode, says why, and takes effect.
     */
    @Test
    void aSettingThatSwitchesOneOfBootsFeaturesTakesEffect() throws Exception {
        try (CaravanProcess caravan = new CaravanProcess(
                Map.of("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,beans")).start()) {
            assertThat(caravan.get("/actuator/beans").statusCode()).isEqualTo(200);
            assertThat(caravan.log()).contains("Starting without Spring's ahead-of-time mode",
                    "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE may switch a feature").doesNotContain("AOT-processed");
        }
    }

    private static Map<String, String> settings(StubAgent agent) throws Exception {
        return CaravanProcess.onPostgres(CaravanProcess.oneStubAgent(agent, "writer", Map.of("draft-twice", """
                name: Draft twice
                steps:
                  - { id: first, agent: writer, action: draft }
                  - { id: second, agent: writer, action: draft }
                """)));
    }

    /**
     * Settings Caravan cannot start with: Spring Boot's short report says what is wrong and what to
     * do, with no stack trace to dig through and no password.
     */
    @Test
    void aStartUpStoppedByABadSettingSaysWhatIsWrongAndWhatToDo(@TempDir Path folder) throws Exception {
        Path registry = Files.writeString(folder.resolve("agents.yml"), """
                agents:
                  - id: builder
                    capability: [ build ]
                """);
        try (CaravanProcess caravan = new CaravanProcess(Map.of("CARAVAN_AGENTS_FILE", registry.toString()))) {
            String printed = caravan.startExpectingFailure();

            assertThat(printed).contains("APPLICATION FAILED TO START", "Invalid agent registry " + registry,
                    registry + ":3:", "Action:", "CARAVAN_AGENTS_FILE");
            assertThat(printed).as("no stack trace").doesNotContainPattern("\\n\\s+at [a-z]+\\.");
        }
        try (CaravanProcess caravan = new CaravanProcess(Map.of("DATABASE_URL",
                "postgresql://caravan:two words@127.0.0.1:5432/test"))) {
            String printed = caravan.startExpectingFailure();

            assertThat(printed).contains("APPLICATION FAILED TO START", "DATABASE_URL is not a valid URL",
                    "postgresql://caravan:***@127.0.0.1:5432/test", "Action:");
            assertThat(printed).doesNotContain("two words").doesNotContainPattern("\\n\\s+at [a-z]+\\.");
        }
    }
}
