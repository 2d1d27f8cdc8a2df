package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A run's end is committed before it is reported, even when the database is away at that instant:
 * the end is written again until it lands; when this node's leases run out meanwhile, the run is
 * taken up again as after a crash, and its finished steps are not called again. The database's
 * absence is played by the store refusing the end's write.
 */
class RunEndIT extends CaravanIntegrationTest {

    @MockitoSpyBean
    private RunStore store;
    private final AtomicInteger refusals = new AtomicInteger();
    /** Whether the first refusal also costs this node its leases (as a longer outage would). */
    private static final AtomicBoolean LEASES_LOST_AT_FIRST_REFUSAL = new AtomicBoolean();

    /**
     * This node's leases, but for one moment: right after the first refused write, they are said
     * to have run out once, as after an outage longer than two thirds of a lease.
     */
    @TestConfiguration
    static class LeasesThatCanRunOut {

        static final AtomicBoolean RUN_OUT_ONCE = new AtomicBoolean();

        @Bean
        @Primary
        RunLeases leasesThatCanRunOut(dev.caravan.state.JdbcRunLeases real) {
            return (RunLeases) java.lang.reflect.Proxy.newProxyInstance(RunLeases.class.getClassLoader(),
                    new Class<?>[] {RunLeases.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("held") && RUN_OUT_ONCE.compareAndSet(true, false)) {
                            return false;
                        }
                        try {
                            return method.invoke(real, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @BeforeEach
    void theDatabaseRefusesTheEndsWrite() {
        LEASES_LOST_AT_FIRST_REFUSAL.set(false);
        doAnswer(call -> {
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                if (LEASES_LOST_AT_FIRST_REFUSAL.getAndSet(false)) {
                    LeasesThatCanRunOut.RUN_OUT_ONCE.set(true);
                }
                throw new DataAccessResourceFailureException("connection refused (played by the test)");
            }
            return call.callRealMethod();
        }).when(store).end(anyString(), eq(RunStatus.SUCCESS), any(), any(), any(), any());
    }

    private void deployOneStep(String id, String action) {
        STUB.always("flow", action, Reply.success(Map.of("done", true)));
        deploy("""
                id: %s
                name: One step
                steps:
                  - { id: only, agent: flow, action: %s }
                """.formatted(id, action));
    }

    @Test
    void anEndRefusedForAMomentIsWrittenAgainBeforeTheRunIsReported() {
        deployOneStep("end-retried", "end_retried");
        refusals.set(3);

        JsonNode result = run("end-retried", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(refusals.get()).as("every refusal was met with another try").isZero();
        assertThat(json(get("/api/workflows/" + result.get("workflowId").asText())).get("status").asText())
                .isEqualTo("success");
        assertThat(STUB.requests("flow", "end_retried")).hasSize(1);
    }

    @Test
    void aResultWhoseCommitFailedIsSavedAgainBeforeTheRunsEndWhichIsNeverCommittedWithoutIt() {
        deployOneStep("result-lost", "result_lost");
        AtomicBoolean lostOnce = new AtomicBoolean(true);
        // the last step's result is handed over without waiting: its commit is played failing once
        doAnswer(call -> {
            StepResult step = call.getArgument(1);
            if (step.status() == StepStatus.SUCCESS && lostOnce.getAndSet(false)) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new DataAccessResourceFailureException("connection reset (played by the test)"));
            }
            return call.callRealMethod();
        }).when(store).saveStepWithoutWaiting(anyString(), any());

        JsonNode result = run("result-lost", Map.of());

        assertThat(lostOnce).as("the result's commit failed once").isFalse();
        assertThat(result.get("status").asText()).isEqualTo("success");
        JsonNode stored = json(get("/api/workflows/" + result.get("workflowId").asText()));
        assertThat(stored.get("status").asText()).isEqualTo("success");
        assertThat(stored.at("/steps/0/status").asText()).as("the result was saved again").isEqualTo("success");
        assertThat(stored.at("/steps/0/output/done").asBoolean()).isTrue();
        assertThat(STUB.requests("flow", "result_lost")).as("saved again, not called again").hasSize(1);
    }

    @Test
    void anEndThatCannotBeWrittenBeforeTheLeasesRunOutIsTakenUpAgainWithoutCallingItsStepsAgain() {
        deployOneStep("end-abandoned", "end_abandoned");
        LEASES_LOST_AT_FIRST_REFUSAL.set(true);
        refusals.set(2);

        String runId = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"end-abandoned\"}"))
                .get("workflowId").asText();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("success"));
        assertThat(STUB.requests("flow", "end_abandoned")).as("the finished step is restored, not called again")
                .hasSize(1);
    }
}
