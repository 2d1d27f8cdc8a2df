package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A run that no node holds (as after a crash) is taken over by the running Caravan and re-entered
 * with the results of its earlier life: the steps that succeeded are skipped, their outputs restored
 * for later expressions, and a step that was running is called again with the same Idempotency-Key.
 */
class ReentryIT extends CaravanIntegrationTest {

    @Autowired
    private RunStore store;

    @Autowired
    private RunLauncher launcher;

    @Autowired
    private WorkflowCatalog catalog;

    @Test
    void anOrphanedRunIsTakenOverWithoutCallingItsCompletedStepsAgain() {
        STUB.reset();
        deploy("""
                id: reentered
                name: Reentered
                steps:
                  - { id: first, agent: flow, action: first }
                  - { id: second, agent: flow, action: second }
                  - { id: third, agent: flow, action: third, params: { from_first: "${first.token}" } }
                """);
        int revision = catalog.latest("reentered").orElseThrow().revision();
        Instant earlier = Instant.now().minusSeconds(5);
        List<StepResult> lifeBefore = List.of(
                new StepResult("first", "first", "flow", StepStatus.SUCCESS, Map.of("token", "abc"), null, 1,
                        earlier, earlier.plusMillis(10), "http://127.0.0.1/flow"),
                new StepResult("second", "second", "flow", StepStatus.RUNNING, null, null, 0, earlier.plusMillis(20),
                        null, null),
                StepResult.pending("third", "third", "flow"));
        store.create(new RunRecord("run-before-crash", "reentered", "Reentered", "1.0.0", revision,
                RunStatus.RUNNING, Map.of(), earlier, null, null, lifeBefore, List.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> store.find("run-before-crash").orElseThrow().status().isTerminal());
        RunRecord ended = store.find("run-before-crash").orElseThrow();

        assertThat(ended.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(STUB.requests("flow", "first")).isEmpty();
        assertThat(STUB.requests("flow", "second")).singleElement()
                .satisfies(call -> assertThat(call.idempotencyKey()).isEqualTo("run-before-crash:second"));
        assertThat(STUB.requests("flow", "third").getFirst().body().get("params")).isEqualTo(Map.of("from_first", "abc"));
        assertThat(ended.steps()).extracting(StepResult::status).containsOnly(StepStatus.SUCCESS);
    }

    @Test
    void anEndedRunIsNotReentered() {
        STUB.always("flow", "once", Reply.success(Map.of()));
        deploy("""
                id: ended
                name: Ended
                steps:
                  - { id: once, agent: flow, action: once }
                """);
        String runId = run("ended", Map.of()).get("workflowId").asText();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> launcher.reenter(runId))
                .isInstanceOf(RunConflictException.class).hasMessageContaining("has ended (success)");
    }
}
