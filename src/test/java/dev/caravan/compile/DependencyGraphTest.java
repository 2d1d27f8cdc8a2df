package dev.caravan.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.definition.AgentCall;
import dev.caravan.definition.AgentStep;
import dev.caravan.definition.SourcePosition;
import dev.caravan.definition.StepControl;
import dev.caravan.definition.StepDefinition;
import dev.caravan.testing.SmallStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a step list's dependencies become Camel's shapes. */
class DependencyGraphTest {

    @Test
    void stepsWithoutDependsOnFormASeries() {
        DependencyGraph.Shape shape = new DependencyGraph(List.of(step("a", null), step("b", null), step("c", null))).shape();

        assertThat(describe(shape)).isEqualTo("series(a, b, c)");
    }

    @Test
    void fanOutAndFanInFormASeriesAroundAParallelGroup() {
        DependencyGraph.Shape shape = new DependencyGraph(List.of(step("a", List.of()), step("b", List.of("a")),
                step("c", List.of("a")), step("d", List.of("b", "c")))).shape();

        assertThat(describe(shape)).isEqualTo("series(a, parallel(b, c), d)");
    }

    @Test
    void independentChainsRunInParallel() {
        DependencyGraph.Shape shape = new DependencyGraph(List.of(step("a", List.of()), step("b", List.of("a")),
                step("x", List.of()), step("y", List.of("x")))).shape();

        assertThat(describe(shape)).isEqualTo("parallel(series(a, b), series(x, y))");
    }

    @Test
    void aCrossedGraphWaitsStepByStep() {
        DependencyGraph.Shape shape = new DependencyGraph(List.of(step("a", List.of()), step("b", List.of()),
                step("c", List.of("a")), step("d", List.of("a", "b")))).shape();

        assertThat(describe(shape)).isEqualTo("waiting(a, b, c<-[a], d<-[a, b])");
    }

    /**
     * A chain written last step first, each step naming the next one written as its dependency: the
     * order is found by walking the whole chain from its first written step. On a thread with the
     * stack of an API request's (virtual) thread, where a recursion of a frame per step overflowed.
     */
    @Test
    void aLongChainWrittenBackwardsIsASeriesInDependencyOrder() {
        int length = 5_000;
        List<StepDefinition> backwards = new ArrayList<>();
        for (int i = length - 1; i >= 0; i--) {
            backwards.add(step("s" + i, i == 0 ? List.of() : List.of("s" + (i - 1))));
        }

        Object outcome = SmallStack.outcomeOf(() -> new DependencyGraph(backwards).shape());

        assertThat(outcome).isInstanceOfSatisfying(DependencyGraph.Series.class, series -> {
            assertThat(series.parts()).hasSize(length);
            assertThat(describe(series.parts().getFirst())).isEqualTo("s0");
            assertThat(describe(series.parts().getLast())).isEqualTo("s" + (length - 1));
        });
    }

    private static StepDefinition step(String id, List<String> dependsOn) {
        StepControl control = new StepControl(dependsOn, null, null, null, false);
        AgentCall call = new AgentCall(id, "agent1", null, id, null, SourcePosition.UNKNOWN);
        return new AgentStep(id, control, call, List.of(), null, SourcePosition.UNKNOWN);
    }

    private static String describe(DependencyGraph.Shape shape) {
        return switch (shape) {
            case DependencyGraph.Single single -> single.step().id();
            case DependencyGraph.Series series -> "series(" + join(series.parts()) + ")";
            case DependencyGraph.Parallel parallel -> "parallel(" + join(parallel.branches()) + ")";
            case DependencyGraph.Waiting waiting -> "waiting(" + String.join(", ", waiting.steps().stream()
                    .map(step -> waiting.dependencies().get(step.id()).isEmpty() ? step.id()
                            : step.id() + "<-" + waiting.dependencies().get(step.id()))
                    .toList()) + ")";
        };
    }

    private static String join(List<DependencyGraph.Shape> shapes) {
        return String.join(", ", shapes.stream().map(DependencyGraphTest::describe).toList());
    }
}
