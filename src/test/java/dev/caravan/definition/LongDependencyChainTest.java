package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A workflow whose steps each wait for the next one, thousands long, with the step limit raised:
 * looking for cycles walks the whole chain, and it did so by recursion, one frame per step, which
 * overflowed the stack (a 500 at deploy) where the parser runs on a thread's default stack. Parsed
 * here on a stack of 256 KB, so that a few thousand steps are enough to show it.
 */
class LongDependencyChainTest {

    private static final int LENGTH = 5_000;

    private final WorkflowParser parser = new WorkflowParser(TestLanguage.AGENTS, TestLanguage.EXPRESSIONS,
            TestLanguage.TRIGGERS, new WorkflowLimits(WorkflowLimits.DEFAULT.maxSourceBytes() * 10, LENGTH));

    @Test
    void aChainWrittenBackwardsIsValid() {
        Object outcome = onASmallStack(() -> parser.parse("chain.yml", chain(false)));

        assertThat(outcome).isInstanceOfSatisfying(WorkflowDefinition.class,
                workflow -> assertThat(workflow.steps()).hasSize(LENGTH));
    }

    @Test
    void aRingOfAllTheStepsIsOneCycleNamedInTheOrderTheyWait() {
        Object outcome = onASmallStack(() -> parser.parse("ring.yml", chain(true)));

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

    /** What the supplier returned or threw, on a thread with a stack of 256 KB. */
    private static Object onASmallStack(Supplier<Object> work) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(work.get());
            } catch (Throwable failure) {
                outcome.set(failure);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return outcome.get();
    }
}
