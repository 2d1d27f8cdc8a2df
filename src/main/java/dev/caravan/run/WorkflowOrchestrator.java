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
    private final LiveRuns live;
    private final RunStore store;
    private final RunControls controls;
    private final RunControlSync controlSync;

    public WorkflowOrchestrator(WorkflowCatalog catalog, RunLauncher launcher, LiveRuns live, RunStore store, RunControls controls,
            RunControlSync controlSync) {
        this.controls = controls;
        this.controlSync = controlSync;
        this.catalog = catalog;
        this.launcher = launcher;
        this.live = live;
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
        Optional<CompletableFuture<RunRecord>> completion = live.completionOf(runId);
        if (completion.isPresent()) {
            try {
                // the run as read back after its final commit: reading it once more cost three queries
                RunRecord ended = completion.get().get(limit.toMillis(), TimeUnit.MILLISECONDS);
                return Optional.of(WorkflowResult.of(ended, failedStepOf(ended), pausedNow(ended)));
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

    /**
     * Where a run stands, as cheaply as it can be told: a run executing here is {@code running}
     * (or its end, when it just ended); any other is read from the store. For the answer to a
     * start, which reading the whole run back made as dear as the run's end.
     */
    public Optional<String> status(String runId) {
        Optional<CompletableFuture<RunRecord>> completion = live.completionOf(runId);
        if (completion.isPresent()) {
            RunRecord ended = completion.get().getNow(null);
            return Optional.of(ended == null ? RunStatus.RUNNING.wireName() : ended.status().wireName());
        }
        return result(runId).map(WorkflowResult::status);
    }

    public Optional<WorkflowResult> result(String runId) {
        return store.find(runId).map(run -> WorkflowResult.of(run, failedStepOf(run), pausedNow(run)));
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
            throw new InvalidRequestException("from_step '" + fromStep + "' is not a step of " + earlier.workflowId()
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

    /**
     * Stops a run: no new step starts, steps already running finish, and it ends {@code cancelled}.
     * Works through any node: the node executing the run stops it (at once when that is this one,
     * else within {@code caravan.runs.control-poll}); this waits a few seconds for the end.
     */
    public WorkflowResult cancel(String runId) {
        requestCancel(runId);
        awaitEnd(runId, Duration.ofSeconds(5));
        return result(runId).orElseThrow();
    }

    /**
     * Asks a run to stop, as {@link #cancel} does, without waiting for it to end: a run still
     * waiting its turn (queued behind a scheduled run, a backfill's run) ends at once, one executing
     * here stops at once, one executing on another node stops there.
     *
     * @throws RunConflictException when the run has ended
     */
    public void requestCancel(String runId) {
        requireUnfinished(runId, "cancelled");
        if (!controls.requestCancel(runId)) {
            requireUnfinished(runId, "cancelled");
        }
        if (!launcher.cancelQueued(runId, "cancelled")) {
            controlSync.apply(runId);
        }
    }

    /** Holds a run: no new step starts until it is resumed; steps already running finish. Kept across restarts. */
    public WorkflowResult pause(String runId) {
        requireUnfinished(runId, "paused");
        if (!controls.requestPause(runId)) {
            requireUnfinished(runId, "paused");
            throw new RunConflictException("run " + runId + " is being cancelled and cannot be paused");
        }
        controlSync.apply(runId);
        return result(runId).orElseThrow();
    }

    /** Lets a paused run go on; resuming a run that is not paused changes nothing. */
    public WorkflowResult resume(String runId) {
        requireUnfinished(runId, "resumed");
        controls.withdrawPause(runId);
        controlSync.apply(runId);
        return result(runId).orElseThrow();
    }

    private void requireUnfinished(String runId, String what) {
        RunRecord stored = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (stored.status().isTerminal()) {
            throw new RunConflictException("run " + runId + " has ended (" + stored.status().wireName()
                    + ") and cannot be " + what);
        }
    }

    /** Waits for a run to end, wherever it executes: on its future here, else by reading the store. */
    private void awaitEnd(String runId, Duration limit) {
        if (live.completionOf(runId).isPresent()) {
            await(runId, limit);
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline
                && store.find(runId).map(run -> !run.status().isTerminal()).orElse(false)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True while a pause stands for an unfinished run (it holds wherever the run executes), else absent. */
    private Boolean pausedNow(RunRecord run) {
        if (run.status().isTerminal()) {
            return null;
        }
        return controls.of(run.runId()).filter(request -> request == ControlRequest.PAUSE).map(request -> true)
                .orElse(null);
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
            throw new InvalidRequestException("say which workflow to run: \"workflow\": \"<id>\"");
        }
        Optional<CompiledWorkflow> found = request.version() == null
                ? catalog.latest(request.workflow())
                : catalog.withVersion(request.workflow(), request.version());
        return found.orElseThrow(() -> new UnknownWorkflowException(request.workflow(), request.version()));
    }
}
