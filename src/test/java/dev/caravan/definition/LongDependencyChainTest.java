package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.testing.SmallStack;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A workflow whose steps each wait for the next one, thousands long, with the step limit raised:
 * looking for cycles walks the whole chain, and it did so by recursion, one frame per step, which
 * overflowed a thread's default stack at 20,000 steps. Parsed here on a stack of 256 KB, so that a
 * few thousand steps are enough to show it.
 */
class LongDependencyChainTest {

    private static final int LENGTH = 5_000;

    private final WorkflowParser parser = new WorkflowParser(TestLanguage.AGENTS, TestLanguage.EXPRESSIONS,
            TestLanguage.TRIGGERS, new WorkflowLimits(WorkflowLimits.DEFAULT.maxSourceBytes() * 10, LENGTH));

    @Test
    void aChainWrittenBackwardsIsValid() {
        Object outcome = SmallStack.outcomeOf(() -> parser.parse("chain.yml", chain(false)));

        assertThat(outcome).isInstanceOfSatisfying(WorkflowDefinition.class,
                workflow -> assertThat(workflow.steps()).hasSize(LENGTH));
    }

    @Test
    void aRingOfAllTheStepsIsOneCycleNamedInTheOrderTheyWait() {
        Object outcome = SmallStack.outcomeOf(() -> parser.parse("ring.yml", chain(true)));

        String ids = IntStream.range(0, LENGTH).mapToObj(i -> "s" + i).collect(Collectors.joining(" -> "));
        assertThat(outcome).isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                .singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(3);
                    assertThat(error.path()).isEqualTo("steps[0].depends_on");
                    assertThat(error.message()).isEqualTo("dependency cycle: " + ids + " -> s0");
                }));
    }

    /** s0 waits for s1, s1 for s2, and so on; in a ring, the last waits for s0. */
    private static String chain(boolean ring) {
        StringBuilder text = new StringBuilder("name: Chain\nsteps:\n");
        for (int i = 0; i < LENGTH; i++) {
            String next = i + 1 < LENGTH ? "s" + (i + 1) : ring ? "s0" : "";
            text.append("  - { id: s").append(i).append(", agent: agent1, action: a, depends_on: [").append(next)
                    .append("] }\n");
        }
        return text.toString();
    }
}
