package dev.caravan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoFleetConditionTest {

    @Test
    void demoRunsByDefault() {
        assertThat(DemoFleetCondition.demoEnabled(new MockEnvironment())).isTrue();
    }

    @Test
    void pointingAtRealAgentsTurnsTheDemoOff() {
        assertThat(DemoFleetCondition.demoEnabled(
                new MockEnvironment().withProperty("CARAVAN_AGENTS_FILE", "/etc/caravan/agents.yml"))).isFalse();
        assertThat(DemoFleetCondition.demoEnabled(
                new MockEnvironment().withProperty("caravan.agents.file", "/etc/caravan/agents.yml"))).isFalse();
        assertThat(DemoFleetCondition.demoEnabled(
                new MockEnvironment().withProperty("AGENT_REGISTRY_URL", "http://localhost:3021"))).isFalse();
    }

    @Test
    void explicitSettingWins() {
        assertThat(DemoFleetCondition.demoEnabled(new MockEnvironment()
                .withProperty("CARAVAN_AGENTS_FILE", "/etc/caravan/agents.yml")
                .withProperty("caravan.demo.enabled", "true"))).isTrue();
        assertThat(DemoFleetCondition.demoEnabled(
                new MockEnvironment().withProperty("caravan.demo.enabled", "false"))).isFalse();
    }
}
