package dev.caravan.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An instance goes down after failed checks in a row, and comes up with one good check. */
class HealthStatesTest {

    private static final HealthCheck FAILED = new HealthCheck("agent1", "http://a", false, "HTTP 503");
    private static final HealthCheck PASSED = new HealthCheck("agent1", "http://a", true, null);

    @Test
    void anInstanceGoesDownOnlyAfterEnoughFailedChecksInARow() {
        HealthStates states = new HealthStates(2);

        assertThat(states.after(FAILED, true)).isTrue();
        assertThat(states.after(PASSED, true)).isTrue();
        assertThat(states.after(FAILED, true)).as("the good check in between started the count again").isTrue();
        assertThat(states.after(FAILED, true)).isFalse();
        assertThat(states.after(FAILED, false)).isFalse();
    }

    @Test
    void oneGoodCheckBringsAnInstanceBack() {
        HealthStates states = new HealthStates(2);

        assertThat(states.after(PASSED, false)).isTrue();
    }

    @Test
    void instancesAreCountedApart() {
        HealthStates states = new HealthStates(2);
        HealthCheck otherFailed = new HealthCheck("agent1", "http://b", false, "HTTP 503");

        states.after(FAILED, true);

        assertThat(states.after(otherFailed, true)).isTrue();
        assertThat(states.after(FAILED, true)).isFalse();
    }

    @Test
    void withOneAllowedFailureTheFirstFailedCheckTakesTheInstanceDown() {
        assertThat(new HealthStates(1).after(FAILED, true)).isFalse();
    }
}
