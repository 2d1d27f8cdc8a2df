package dev.caravan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.env.MockEnvironment;

class AgentRegistryFileTest {

    private static final Path FIXTURES = Path.of("src/test/resources/agents");

    @Test
    void goodFileLoadsEveryShapeTheFormatAllows() {
        AgentRegistry registry = AgentRegistry.load(FIXTURES.resolve("good.yml"),
                new MockEnvironment().withProperty("stub.port", "4242"));

        assertThat(registry.agentIds()).containsExactly("agent7", "agent10", "agent11", "agent16", "report-writer", "agent20");
        assertThat(registry.find("agent7")).hasValue(new AgentDefinition("agent7", "Code Quality", AgentTier.QUALITY,
                List.of("code_quality_check", "quality_check"), List.of("http://127.0.0.1:4242/agent7"), ""));
        AgentDefinition scanner = registry.find("agent10").orElseThrow();
        assertThat(scanner.instances()).containsExactly("http://10.0.0.1:8080/scanner", "https://scanner-2.internal");
        assertThat(scanner.description()).isEqualTo("Scans dependencies for known vulnerabilities.");
        assertThat(registry.find("agent11").orElseThrow().instances()).containsExactly("jms:queue:agent11?replyTo=caravan");
        assertThat(registry.find("report-writer").orElseThrow().capabilities()).isEmpty();
        AgentDefinition orchestrator = registry.find("agent20").orElseThrow();
        assertThat(orchestrator.tier()).isEqualTo(AgentTier.CONTROL);
        assertThat(orchestrator.instances()).isEmpty();
        assertThat(registry.find("agent99")).isEmpty();
    }

    @Test
    void springConstructorReadsTheConfiguredFileAndResolvesPlaceholdersAgainstTheEnvironment() {
        AgentRegistry registry = new AgentRegistry(new AgentProperties(FIXTURES.resolve("good.yml")),
                new MockEnvironment().withProperty("stub.port", "51234"));

        assertThat(registry.find("agent7").orElseThrow().instances()).containsExactly("http://127.0.0.1:51234/agent7");
    }

    @Test
    void answersTheQuestionsOfWorkflowValidation() {
        AgentRegistry registry = AgentRegistry.load(FIXTURES.resolve("good.yml"),
                new MockEnvironment().withProperty("stub.port", "1"));

        assertThat(registry.hasAgent("agent10")).isTrue();
        assertThat(registry.hasAgent("agent3")).isFalse();
        assertThat(registry.hasCapability("analyze_data")).isTrue();
        assertThat(registry.hasCapability("deploy")).isFalse();
    }

    static Stream<Path> invalidFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve("invalid"))) {
            return files.sorted().toList().stream();
        }
    }

    /** Each invalid fixture ends with "# expect: line:column path: message" lines, in order. */
    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void invalidFileIsRejectedWithEveryProblemAndItsPosition(Path fixture) throws IOException {
        List<String> expected = Files.readAllLines(fixture).stream()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> fixture + ":" + line.substring("# expect: ".length()))
                .toList();
        assertThat(expected).as("fixture declares its expected problems").isNotEmpty();

        InvalidAgentRegistryException thrown = catchThrowableOfType(InvalidAgentRegistryException.class,
                () -> AgentRegistry.load(fixture, new MockEnvironment()));

        assertThat(thrown.problems()).map(Object::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void oneExceptionMessageListsAllProblems() {
        Path fixture = FIXTURES.resolve("invalid/agent-keys.yml");

        assertThatThrownBy(() -> AgentRegistry.load(fixture, new MockEnvironment()))
                .isInstanceOf(InvalidAgentRegistryException.class)
                .hasMessage("""
                        Invalid agent registry %1$s (3 problems):
                          %1$s:5:5 agents[0].capability: unknown key 'capability' (did you mean 'capabilities'?)
                          %1$s:7:5 agents[0].owner: unknown key 'owner'; expected one of capabilities, \
                        description, id, instances, name, tier
                          %1$s:8:5 agents[0].name: duplicate key 'name'""".formatted(fixture));
    }

    @Test
    void missingFileSaysWhereItLookedAndHowToPointElsewhere() {
        Path missing = FIXTURES.resolve("no-such-registry.yml");

        assertThatThrownBy(() -> AgentRegistry.load(missing, new MockEnvironment()))
                .isInstanceOf(InvalidAgentRegistryException.class)
                .hasMessageStartingWith("Invalid agent registry " + missing + " (1 problem):\n  " + missing
                        + ": file not found (working directory ")
                .hasMessageEndingWith("); set caravan.agents.file or CARAVAN_AGENTS_FILE");
    }

    @Test
    void shippedDemoRegistryHasTheWholeSeedFleetAndEveryActionItsWorkflowsCall() {
        AgentRegistry registry = AgentRegistry.load(Path.of("config/agents.yml"), new MockEnvironment());

        assertThat(registry.agents()).hasSize(20);
        assertThat(registry.find("agent10").orElseThrow().name()).isEqualTo("Security Scanner");
        assertThat(registry.find("agent20").orElseThrow().instances()).isEmpty();
        Map<String, List<String>> seedCalls = Map.of(
                "agent6", List.of("scaffold_project"),
                "agent1", List.of("create_api"),
                "agent7", List.of("code_quality_check", "quality_check"),
                "agent10", List.of("security_scan"),
                "agent8", List.of("performance_test", "collect_metrics"),
                "agent19", List.of("deploy", "rollback"),
                "agent9", List.of("log_error", "track_errors"),
                "agent16", List.of("ingest_data", "transform_data", "validate_data", "export_data"),
                "agent11", List.of("analyze_data"));
        seedCalls.forEach((agent, actions) ->
                assertThat(registry.find(agent).orElseThrow().capabilities()).as(agent).containsAll(actions));
        registry.agents().stream().filter(agent -> !agent.id().equals("agent20")).forEach(agent ->
                assertThat(agent.instances()).containsExactly("http://127.0.0.1:4100/" + agent.id()));
        AgentRegistry moved = AgentRegistry.load(Path.of("config/agents.yml"),
                new MockEnvironment().withProperty("caravan.demo.port", "4200"));
        assertThat(moved.find("agent1").orElseThrow().instances()).containsExactly("http://127.0.0.1:4200/agent1");
        assertThat(registry.agents()).extracting(AgentDefinition::tier).containsOnly(
                AgentTier.FOUNDATION, AgentTier.QUALITY, AgentTier.PLATFORM, AgentTier.CONTROL);
    }
}
