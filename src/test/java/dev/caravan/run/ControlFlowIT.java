package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import dev.caravan.testing.StubAgent.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dependencies, conditions, branches, foreach and loop, run for real against a stub agent. */
class ControlFlowIT extends CaravanIntegrationTest {

    @BeforeEach
    void resetStub() {
        STUB.reset();
    }

    @Test
    void fanOutRunsDependantsTogetherAndFanInWaitsForAll() {
        deploy("""
                id: fan
                name: Fan out and in
                steps:
                  - { id: source, agent: flow, action: source }
                  - { id: left, agent: flow, action: left, depends_on: [source] }
                  - { id: right, agent: flow, action: right, depends_on: [source] }
                  - { id: merge, agent: flow, action: merge, depends_on: [left, right] }
                """);
        STUB.always("flow", "left", Reply.success(Map.of("side", "left")).after(Duration.ofMillis(300)));
        STUB.always("flow", "right", Reply.success(Map.of("side", "right")).after(Duration.ofMillis(300)));

        JsonNode result = run("fan", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertOverlap(step(result, "left"), step(result, "right"));
        Instant mergeStart = Instant.parse(step(result, "merge").get("startTime").asText());
        assertThat(mergeStart).isAfterOrEqualTo(end(step(result, "left"))).isAfterOrEqualTo(end(step(result, "right")));
        assertThat(start(step(result, "left"))).isAfterOrEqualTo(end(step(result, "source")));
    }

    @Test
    void aGraphThatIsNotSeriesParallelStillStartsEachStepWhenItsOwnDependenciesAreDone() {
        deploy("""
                id: crossed
                name: Crossed dependencies
                steps:
                  - { id: a, agent: flow, action: a, depends_on: [] }
                  - { id: b, agent: flow, action: b, depends_on: [] }
                  - { id: c, agent: flow, action: c, depends_on: [a] }
                  - { id: d, agent: flow, action: d, depends_on: [a, b] }
                """);
        STUB.always("flow", "b", Reply.success(Map.of()).after(Duration.ofMillis(600)));

        JsonNode result = run("crossed", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(start(step(result, "c"))).isAfterOrEqualTo(end(step(result, "a")))
                .isBefore(end(step(result, "b")));
        assertThat(start(step(result, "d"))).isAfterOrEqualTo(end(step(result, "a")))
                .isAfterOrEqualTo(end(step(result, "b")));
    }

    @Test
    void aFalseConditionSkipsTheStepAndItsDependantsStillRun() {
        deploy("""
                id: skipping
                name: Skipping
                steps:
                  - { id: scan, agent: flow, action: scan }
                  - { id: deploy, agent: flow, action: deploy, condition: "scan.passed" }
                  - { id: report, agent: flow, action: report, params: { deployed: "${deploy.success}" } }
                """);
        STUB.always("flow", "scan", Reply.success(Map.of("passed", false)));

        JsonNode result = run("skipping", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "deploy").get("status").asText()).isEqualTo("skipped");
        assertThat(step(result, "report").get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "deploy")).isEmpty();
        assertThat(STUB.requests("flow", "report").getFirst().body().get("params")).isEqualTo(Map.of("deployed", false));
        assertThat(result.get("metrics").get("skippedSteps").asInt()).isEqualTo(1);
    }

    @Test
    void thenAndElseRunOneSideAndSkipTheOther() {
        deploy("""
                id: branching
                name: Branching
                steps:
                  - { id: measure, agent: flow, action: measure }
                  - id: decide
                    condition: "error_rate > 0.05"
                    then:
                      - { id: rollback, agent: flow, action: rollback }
                    else:
                      - { id: promote, agent: flow, action: promote }
                      - { id: announce, agent: flow, action: announce }
                """);
        STUB.script("flow", "measure", Reply.success(Map.of("error_rate", 0.2)), Reply.success(Map.of("error_rate", 0.01)));

        JsonNode high = run("branching", Map.of());
        assertThat(step(high, "decide").get("output").get("branch").asText()).isEqualTo("then");
        assertThat(step(high, "rollback").get("status").asText()).isEqualTo("success");
        assertThat(step(high, "promote").get("status").asText()).isEqualTo("skipped");
        assertThat(step(high, "announce").get("status").asText()).isEqualTo("skipped");

        JsonNode low = run("branching", Map.of());
        assertThat(step(low, "decide").get("output").get("branch").asText()).isEqualTo("else");
        assertThat(step(low, "rollback").get("status").asText()).isEqualTo("skipped");
        assertThat(step(low, "announce").get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "rollback")).hasSize(1);
    }

    @Test
    void foreachRunsTheStepsOncePerItemAtMostMaxParallelAtATime() {
        deploy("""
                id: each
                name: Each
                params: { files: [a.csv, b.csv, c.csv, d.csv] }
                steps:
                  - id: files
                    foreach: "params.files"
                    max_parallel: 2
                    steps:
                      - { id: load, agent: flow, action: load, params: { file: "${item}", position: "${index}" } }
                  - { id: summary, agent: flow, action: summary }
                """);
        STUB.always("flow", "load", Reply.success(Map.of("loaded", true)).after(Duration.ofMillis(250)));

        JsonNode result = run("each", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "files").get("output").get("items").asInt()).isEqualTo(4);
        List<Request> loads = STUB.requests("flow", "load");
        assertThat(loads).extracting(call -> (Object) ((Map<?, ?>) call.body().get("params")).get("file"))
                .containsExactlyInAnyOrder("a.csv", "b.csv", "c.csv", "d.csv");
        assertThat(loads).extracting(call -> call.body().get("stepId"))
                .containsExactlyInAnyOrder("load[0]", "load[1]", "load[2]", "load[3]");
        assertThat(maxConcurrent(result, "load[")).isEqualTo(2);
        assertThat(start(step(result, "summary"))).isAfterOrEqualTo(end(step(result, "load[3]")));
    }

    @Test
    void loopRunsWhileItsConditionHoldsAndNeverPastMaxIterations() {
        deploy("""
                id: polling
                name: Polling
                steps:
                  - id: wait_ready
                    loop:
                      while: "poll.remaining > 0"
                      max_iterations: 10
                      steps:
                        - { id: poll, agent: flow, action: poll, params: { round: "${iteration}" } }
                """);
        STUB.script("flow", "poll", Reply.success(Map.of("remaining", 2)), Reply.success(Map.of("remaining", 1)),
                Reply.success(Map.of("remaining", 0)));

        JsonNode result = run("polling", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "wait_ready").get("output").get("iterations").asInt()).isEqualTo(3);
        assertThat(STUB.requests("flow", "poll")).extracting(call -> (Object) ((Map<?, ?>) call.body().get("params")).get("round"))
                .containsExactly(0, 1, 2);

        STUB.always("flow", "poll", Reply.success(Map.of("remaining", 5)));
        deploy("""
                id: polling-capped
                name: Polling capped
                steps:
                  - id: wait_ready
                    loop: { while: "poll.remaining > 0", max_iterations: 4, steps: [ { id: poll, agent: flow, action: poll } ] }
                """);
        JsonNode capped = run("polling-capped", Map.of());
        assertThat(step(capped, "wait_ready").get("output").get("iterations").asInt()).isEqualTo(4);
        assertThat(step(capped, "wait_ready").get("output").get("capped").asBoolean()).isTrue();
    }

    @Test
    void continueOnFailureLetsTheWorkflowGoOnAndCapabilitiesPickAnAgent() {
        deploy("""
                id: tolerant
                name: Tolerant
                steps:
                  - { id: optional, agent: rejecting, action: optional, continue_on_failure: true }
                  - { id: required, capability: flow_work, action: required, params: { note: "${params.note}-x" } }
                """);
        STUB.always("rejecting", "optional", Reply.status(400));

        JsonNode result = run("tolerant", Map.of("note", "hello"));

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "optional").get("status").asText()).isEqualTo("failure");
        assertThat(step(result, "required").get("agent")).as(result.toPrettyString()).isNotNull();
        assertThat(step(result, "required").get("agent").asText()).isEqualTo("flow");
        assertThat(STUB.requests("flow", "required").getFirst().body().get("params")).isEqualTo(Map.of("note", "hello-x"));
        assertThat(result.get("metrics").get("failedSteps").asInt()).isEqualTo(1);
    }

    private static Instant start(JsonNode step) {
        return Instant.parse(step.get("startTime").asText());
    }

    private static Instant end(JsonNode step) {
        return Instant.parse(step.get("endTime").asText());
    }

    static void assertOverlap(JsonNode... steps) {
        Instant latestStart = Instant.MIN;
        Instant earliestEnd = Instant.MAX;
        for (JsonNode step : steps) {
            latestStart = start(step).isAfter(latestStart) ? start(step) : latestStart;
            earliestEnd = end(step).isBefore(earliestEnd) ? end(step) : earliestEnd;
        }
        assertThat(latestStart).as("every step started before any ended").isBefore(earliestEnd);
    }

    /** The most steps with this key prefix that were running at one instant. */
    private static int maxConcurrent(JsonNode result, String prefix) {
        List<long[]> events = new ArrayList<>();
        for (JsonNode step : result.get("steps")) {
            if (step.get("stepId").asText().startsWith(prefix)) {
                events.add(new long[] {start(step).toEpochMilli() * 10 + 1, 1});
                events.add(new long[] {end(step).toEpochMilli() * 10, -1});
            }
        }
        events.sort(Comparator.comparingLong(event -> event[0]));
        int running = 0;
        int most = 0;
        for (long[] event : events) {
            running += (int) event[1];
            most = Math.max(most, running);
        }
        return most;
    }
}
