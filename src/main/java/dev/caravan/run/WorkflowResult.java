package dev.caravan.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as users see it (DESIGN.md section 3; the field names are the first seed's). Immutable:
 * a snapshot taken when it was asked for.
 *
 * @param workflowId the run's id (the seed's name for it)
 * @param workflow the workflow's id
 * @param duration milliseconds from start to end, null while running
 * @param paused true while the run is paused (no new step starts), absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowResult(
        String workflowId, String workflow, String name, String version, int revision, String status,
        Instant startTime, Instant endTime, Long duration, Map<String, Object> params, String error,
        String failedStep, Boolean paused, List<Step> steps, Metrics metrics, List<RunRecord.HookResult> hooks) {

    /** One step of the run. {@code stepId} carries the iteration for steps in loops ({@code t[2]}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            String stepId, String agent, String status, Map<String, Object> output, String error, int attempts,
            Instant startTime, Instant endTime, String instance) {
    }

    public record Metrics(int totalSteps, int successfulSteps, int failedSteps, int skippedSteps) {
    }

    public boolean succeeded() {
        return "success".equals(status);
    }

    static WorkflowResult of(RunRecord run, String failedStep, Boolean paused) {
        List<Step> steps = run.steps().stream()
                .map(step -> new Step(step.key(), step.agent(), step.status().wireName(), step.output(), step.error(),
                        step.attempts(), step.startTime(), step.endTime(), step.instance()))
                .toList();
        Long duration = run.endTime() == null ? null : Duration.between(run.startTime(), run.endTime()).toMillis();
        Metrics metrics = new Metrics(steps.size(), count(run, StepStatus.SUCCESS), count(run, StepStatus.FAILURE),
                count(run, StepStatus.SKIPPED));
        return new WorkflowResult(run.runId(), run.workflowId(), run.workflowName(), run.version(), run.revision(),
                run.status().wireName(), run.startTime(), run.endTime(), duration, run.params(), run.error(),
                failedStep, paused, steps, metrics, run.hooks().isEmpty() ? null : run.hooks());
    }

    private static int count(RunRecord run, StepStatus status) {
        return (int) run.steps().stream().filter(step -> step.status() == status).count();
    }
}
