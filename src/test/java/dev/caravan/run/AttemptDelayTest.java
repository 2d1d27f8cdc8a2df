package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.definition.RetryPolicy;
import dev.caravan.definition.RetryPolicy.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delay before each retry: the backoff's curve, its cap, and the spread jitter adds. */
class AttemptDelayTest {

    private static RetryPolicy policy(Backoff backoff, boolean jitter) {
        return new RetryPolicy(6, backoff, Duration.ofMillis(100), Duration.ofMillis(1000), jitter);
    }

    @Test
    void eachBackoffGrowsAsItsNameSaysUpToTheCap() {
        assertThat(delays(policy(Backoff.FIXED, false))).containsExactly(100L, 100L, 100L, 100L, 100L);
        assertThat(delays(policy(Backoff.LINEAR, false))).containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(delays(policy(Backoff.EXPONENTIAL, false))).containsExactly(100L, 200L, 400L, 800L, 1000L);
    }

    @Test
    void jitterSpreadsEachDelayWithinAFifthEitherWay() {
        RetryPolicy jittered = policy(Backoff.EXPONENTIAL, true);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long delay = AttemptRecorder.delayBefore(3, jittered, null);
            assertThat(delay).isBetween(160L, 240L);
            seen.add(delay);
        }
        assertThat(seen).as("jitter varies the delay").hasSizeGreaterThan(10);
    }

    private static java.util.List<Long> delays(RetryPolicy policy) {
        return java.util.stream.IntStream.rangeClosed(2, 6)
                .mapToObj(attempt -> AttemptRecorder.delayBefore(attempt, policy, null)).toList();
    }
}
