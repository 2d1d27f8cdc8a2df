package dev.caravan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentSelectionTest {

    private static final String SCANNER_A = "http://10.0.0.1:8080";
    private static final String SCANNER_B = "http://10.0.0.2:8080";

    private final AgentRegistry registry = AgentRegistry.of(List.of(
            agent("agent10", List.of("security_scan"), SCANNER_A, SCANNER_B),
            agent("agent11", List.of("accessibility_check", "analyze_data"), "http://10.0.1.1"),
            agent("agent16", List.of("ingest_data", "analyze_data"), "http://10.0.2.1"),
            agent("agent20", List.of())));

    private static AgentDefinition agent(String id, List<String> capabilities, String... instances) {
        return new AgentDefinition(id, id + " name", AgentTier.QUALITY, capabilities, List.of(instances), null);
    }

    private List<String> nextInstances(String agentId, int count) {
        return IntStream.range(0, count).mapToObj(i -> registry.selectInstance(agentId).url()).toList();
    }

    @Test
    void roundRobinAlternatesBetweenInstances() {
        assertThat(nextInstances("agent10", 4)).containsExactly(SCANNER_A, SCANNER_B, SCANNER_A, SCANNER_B);
    }

    @Test
    void unhealthyInstanceIsSkippedUntilItRecovers() {
        registry.markInstanceHealth("agent10", SCANNER_B, false);
        assertThat(nextInstances("agent10", 3)).containsOnly(SCANNER_A);
        assertThat(registry.instanceHealth("agent10")).containsExactly(Map.entry(SCANNER_A, true), Map.entry(SCANNER_B, false));

        registry.markInstanceHealth("agent10", SCANNER_B + "/", true);
        assertThat(nextInstances("agent10", 2)).containsExactlyInAnyOrder(SCANNER_A, SCANNER_B);
    }

    @Test
    void allInstancesDownIsAClearError() {
        registry.markInstanceHealth("agent10", SCANNER_A, false);
        registry.markInstanceHealth("agent10", SCANNER_B, false);

        assertThatThrownBy(() -> registry.selectInstance("agent10"))
                .isInstanceOf(NoAvailableInstanceException.class)
                .hasMessage("no healthy instance of agent10 (2 instances, all down)");
    }

    @Test
    void agentWithoutInstancesCannotBeCalled() {
        assertThatThrownBy(() -> registry.selectInstance("agent20"))
                .isInstanceOf(NoAvailableInstanceException.class)
                .hasMessage("agent agent20 has no instances");
    }

    @Test
    void unknownAgentOrInstanceIsAProgrammingError() {
        assertThatThrownBy(() -> registry.selectInstance("agent99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown agent 'agent99'; known agents: [agent10, agent11, agent16, agent20]");
        assertThatThrownBy(() -> registry.markInstanceHealth("agent10", "http://elsewhere", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent agent10 has no instance 'http://elsewhere'; it has [" + SCANNER_A + ", " + SCANNER_B + "]");
    }

    @Test
    void selectionHandsOutTurnsExactlyEvenlyUnderConcurrency() throws InterruptedException {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8_000; i++) {
                pool.submit(() -> counts.computeIfAbsent(registry.selectInstance("agent10").url(),
                        url -> new AtomicInteger()).incrementAndGet());
            }
        }

        assertThat(counts.get(SCANNER_A)).hasValue(4_000);
        assertThat(counts.get(SCANNER_B)).hasValue(4_000);
    }

    @Test
    void capabilitySelectionAlternatesBetweenAgentsThatDeclareIt() {
        List<String> chosen = IntStream.range(0, 4)
                .mapToObj(i -> registry.selectByCapability("analyze_data").id()).toList();

        assertThat(chosen).containsExactly("agent11", "agent16", "agent11", "agent16");
        assertThat(registry.selectByCapability("security_scan").id()).isEqualTo("agent10");
    }

    @Test
    void capabilitySelectionSkipsAgentsWithoutAHealthyInstance() {
        registry.markInstanceHealth("agent16", "http://10.0.2.1", false);
        assertThat(IntStream.range(0, 3).mapToObj(i -> registry.selectByCapability("analyze_data").id()))
                .containsOnly("agent11");

        registry.markInstanceHealth("agent11", "http://10.0.1.1", false);
        assertThatThrownBy(() -> registry.selectByCapability("analyze_data"))
                .isInstanceOf(NoAvailableInstanceException.class)
                .hasMessage("no healthy agent with the capability 'analyze_data' (declared by agent11, agent16, all down)");
    }

    @Test
    void undeclaredCapabilityIsAClearError() {
        assertThatThrownBy(() -> registry.selectByCapability("deploy"))
                .isInstanceOf(NoAvailableInstanceException.class)
                .hasMessage("no agent declares the capability 'deploy'");
    }

    @Test
    void selectedInstanceKnowsItsProtocolAddresses() {
        AgentInstance instance = registry.selectInstance("agent11");

        assertThat(instance.isHttp()).isTrue();
        assertThat(instance.actionUrl("analyze_data")).isEqualTo("http://10.0.1.1/actions/analyze_data");
        assertThat(instance.healthUrl()).isEqualTo("http://10.0.1.1/health");
        assertThat(new AgentInstance("agent11", "jms:queue:agent11").isHttp()).isFalse();
    }
}
