package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/**
 * Caravan's Java API, as in the first seed: execute a workflow by id or from a file and get its
 * {@link WorkflowResult}. Usable embedded: inject it from the Spring context.
 *
 * <pre>{@code
 * WorkflowResult result = orchestrator.execute(ExecuteRequest.of("build-project", Map.of("projectName", "my-app")));
 * }</pre>
 */
@Service
public class WorkflowOrchestrator {

    private final WorkflowCatalog catalog;
    private final RunLauncher launcher;
    private final RunStore store;

    public WorkflowOrchestrator(WorkflowCatalog catalog, RunLauncher launcher, RunStore store) {
        this.catalog = catalog;
        this.launcher = launcher;
        this.store = store;
    }

    /**
     * What to run.
     *
     * @param workflow a deployed workflow's id; or null with {@code workflowFile}
     * @param workflowFile a workflow file, deployed (if changed) before it runs
     * @param version a {@code version:} label to run instead of the latest revision, may be null
     * @param params the run's params, over the workflow's defaults
     */
    public record ExecuteRequest(String workflow, Path workflowFile, String version, Map<String, Object> params) {

        public static ExecuteRequest of(String workflow, Map<String, Object> params) {
            return new ExecuteRequest(workflow, null, null, params);
        }

        public static ExecuteRequest ofFile(Path workflowFile, Map<String, Object> params) {
            return new ExecuteRequest(null, workflowFile, null, params);
        }
    }

    /** Runs a workflow and waits for its result. */
    public WorkflowResult execute(ExecuteRequest request) {
        String runId = start(request);
        return await(runId, Duration.ofDays(365)).orElseThrow();
    }

    /** Starts a run and returns its id at once. */
    public String start(ExecuteRequest request) {
        CompiledWorkflow workflow = resolve(request);
        return launcher.start(workflow, request.params()).runId();
    }

    /**
     * Waits at most {@code limit} for a run to end; returns its result (still running if the limit
     * passed), or empty when there is no such run.
     */
    public Optional<WorkflowResult> await(String runId, Duration limit) {
        Optional<CompletableFuture<RunRecord>> completion = launcher.completionOf(runId);
        if (completion.isPresent()) {
            try {
                // the run as read back after its final commit: reading it once more cost three queries
                RunRecord ended = completion.get().get(limit.toMillis(), TimeUnit.MILLISECONDS);
                return Optional.of(WorkflowResult.of(ended, failedStepOf(ended), pausedNow(runId)));
            } catch (TimeoutException stillRunning) {
                // the caller gets the run as it stands
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("run " + runId + " ended abnormally", e.getCause());
            }
        }
        return result(runId);
    }

    public Optional<WorkflowResult> result(String runId) {
        return store.find(runId).map(run -> WorkflowResult.of(run, failedStepOf(run), pausedNow(runId)));
    }

    /** Runs a failed run again from its failed steps; returns at once with the run as it stands. */
    public WorkflowResult retry(String runId) {
        launcher.retry(runId);
        return result(runId).orElseThrow();
    }

    /**
     * Starts a new run of the same revision from {@code fromStep}: the steps declared before it keep
     * the outputs they had in the earlier run and are not called; {@code params} go over the earlier
     * run's params. Returns the new run's id.
     */
    public String rerun(String runId, String fromStep, Map<String, Object> params) {
        RunRecord earlier = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (catalog.latest(earlier.workflowId()).isEmpty()) {
            // a rerun is a new run, and no new run starts on an undeployed workflow
            throw new UnknownWorkflowException(earlier.workflowId(), null);
        }
        CompiledWorkflow workflow = catalog.revision(earlier.workflowId(), earlier.revision())
                .orElseThrow(() -> new IllegalStateException("revision " + earlier.revision() + " of "
                        + earlier.workflowId() + " is not in the store"));
        List<String> order = workflow.plan().steps().stream().map(dev.caravan.compile.PlannedStep::stepId).toList();
        int from = order.indexOf(fromStep);
        if (from < 0) {
            throw new IllegalArgumentException("from_step '" + fromStep + "' is not a step of " + earlier.workflowId()
                    + " revision " + earlier.revision() + "; its steps are " + order);
        }
        java.util.Set<String> before = new java.util.HashSet<>(order.subList(0, from));
        List<StepResult> kept = earlier.steps().stream()
                .filter(step -> before.contains(step.stepId()) && step.status() == StepStatus.SUCCESS).toList();
        Map<String, Object> merged = new java.util.LinkedHashMap<>(earlier.params());
        if (params != null) {
            merged.putAll(params);
        }
        return launcher.start(workflow, merged, kept).runId();
    }

    /** Stops a run: no new step starts, steps already running finish, and it ends {@code cancelled}. */
    public WorkflowResult cancel(String runId) {
        RunContext run = liveRun(runId, "cancelled");
        run.cancel();
        return await(runId, Duration.ofSeconds(5)).orElseThrow();
    }

    /** Holds a run: no new step starts until it is resumed; steps already running finish. */
    public WorkflowResult pause(String runId) {
        liveRun(runId, "paused").pause();
        return result(runId).orElseThrow();
    }

    public WorkflowResult resume(String runId) {
        liveRun(runId, "resumed").resume();
        return result(runId).orElseThrow();
    }

    private RunContext liveRun(String runId, String what) {
        RunRecord stored = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (stored.status().isTerminal()) {
            throw new RunConflictException("run " + runId + " has ended (" + stored.status().wireName()
                    + ") and cannot be " + what);
        }
        return launcher.live(runId).orElseThrow(() -> new RunConflictException(
                "run " + runId + " is not executing in this Caravan process and cannot be " + what + " here"));
    }

    private Boolean pausedNow(String runId) {
        return launcher.live(runId).map(RunContext::paused).filter(Boolean::booleanValue).orElse(null);
    }

    /** Runs newest first, without their steps: status, times and error of each. */
    public RunQuery.Page list(RunQuery query) {
        return store.list(query);
    }

    private static String failedStepOf(RunRecord run) {
        if (run.status() != RunStatus.FAILURE) {
            return null;
        }
        // the step whose failure ended the run, not one that failed with continue_on_failure before it
        return run.steps().stream()
                .filter(step -> step.status() == StepStatus.FAILURE && java.util.Objects.equals(step.error(), run.error()))
                .map(StepResult::key).findFirst().orElse(null);
    }

    private CompiledWorkflow resolve(ExecuteRequest request) {
        if (request.workflowFile() != null) {
            try {
                String text = Files.readString(request.workflowFile());
                return catalog.deploy(request.workflowFile().getFileName().toString(), text).workflow();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + request.workflowFile(), e);
            }
        }
        if (request.workflow() == null || request.workflow().isBlank()) {
            throw new IllegalArgumentException("say which workflow to run: \"workflow\": \"<id>\"");
        }
        Optional<CompiledWorkflow> found = request.version() == null
                ? catalog.latest(request.workflow())
                : catalog.withVersion(request.workflow(), request.version());
        return found.orElseThrow(() -> new UnknownWorkflowException(request.workflow(), request.version()));
    }
}
