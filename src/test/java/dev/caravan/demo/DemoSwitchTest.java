package dev.caravan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoSwitchTest {

    @Test
    void demoRunsByDefault() {
        assertThat(DemoSwitch.demoEnabled(new MockEnvironment())).isTrue();
    }

    @Test
    void pointingAtRealAgentsTurnsTheDemoOff() {
        assertThat(DemoSwitch.demoEnabled(
                new MockEnvironment().withProperty("CARAVAN_AGENTS_FILE", "/etc/caravan/agents.yml"))).isFalse();
        assertThat(DemoSwitch.demoEnabled(
                new MockEnvironment().withProperty("caravan.agents.file", "/etc/caravan/agents.yml"))).isFalse();
        assertThat(DemoSwitch.demoEnabled(
                new MockEnvironment().withProperty("AGENT_REGISTRY_URL", "http://localhost:3021"))).isFalse();
    }

    @Test
    void explicitSettingWins() {
        assertThat(DemoSwitch.demoEnabled(new MockEnvironment()
                .withProperty("CARAVAN_AGENTS_FILE", "/etc/caravan/agents.yml")
                .withProperty("caravan.demo.enabled", "true"))).isTrue();
        assertThat(DemoSwitch.demoEnabled(
                new MockEnvironment().withProperty("caravan.demo.enabled", "false"))).isFalse();
    }
}
