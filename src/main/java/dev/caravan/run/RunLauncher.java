package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.PlannedStep;
import dev.caravan.event.ReportedEvent;
import dev.caravan.expression.Bindings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts runs: creates and commits the run, then sends it through its revision's main route on a
 * virtual thread of its own. When the route fails, the workflow's failure hooks run once; the
 * run's final status is committed before anyone waiting for it is told.
 */
@Component
public class RunLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);

    private final CamelContext camel;
    private final RunStore store;
    private final WorkflowCatalog catalog;
    private final Clock clock;
    private final FailureMessages messages;
    private final RunEvents events;
    private final RunLeases leases;
    private final RunControls controls;
    private final BranchJoins joins;
    private final LiveRuns live;
    private final RunEnding ending;
    private final ProducerTemplate producer;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("caravan-run-timeouts").daemon().factory());

    RunLauncher(CamelContext camel, RunStore store, WorkflowCatalog catalog, Clock clock, FailureMessages messages,
            RunEvents events, RunLeases leases, RunControls controls, BranchJoins joins, LiveRuns live,
            RunEnding ending) {
        this.camel = camel;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.messages = messages;
        this.events = events;
        this.leases = leases;
        this.controls = controls;
        this.joins = joins;
        this.live = live;
        this.ending = ending;
        this.producer = camel.createProducerTemplate();
    }

    /** Creates the run and starts it; the future completes when the run has ended. */
    public RunHandle start(CompiledWorkflow workflow, Map<String, Object> params) {
        return start(workflow, params, List.of());
    }

    /**
     * Creates a run whose steps start from {@code reused} results (a rerun keeps the outputs of the
     * steps before the one it reruns from), and starts it.
     */
    RunHandle start(CompiledWorkflow workflow, Map<String, Object> params, List<StepResult> reused) {
        // written already owned by this node: no recovery elsewhere can take it before it starts
        RunRecord created = store(RunIds.next(), workflow, params, reused, RunStatus.RUNNING, leases.newLease(), null);
        return launchCreated(workflow, created, reused);
    }

    /**
     * Creates a run together with the event that says where it came from ({@code workflow.triggered}),
     * in one commit, so that a crash keeps both or neither, and starts it. {@code reportedAs} makes
     * the event from the new run's id; it is delivered before this returns.
     */
    public RunHandle start(CompiledWorkflow workflow, Map<String, Object> params,
            Function<String, ReportedEvent> reportedAs) {
        String runId = RunIds.next();
        ReportedEvent event = reportedAs.apply(runId);
        RunRecord created = store(runId, workflow, params, List.of(), RunStatus.RUNNING, leases.newLease(), event);
        RunHandle handle = launchCreated(workflow, created, List.of());
        event.awaitDelivery();
        return handle;
    }

    private RunHandle launchCreated(CompiledWorkflow workflow, RunRecord created, List<StepResult> reused) {
        RunContext run = new RunContext(created.runId(), workflow, created.params(), created.startTime(), store,
                events, leases::held, clock, reused);
        return launch(run, RunStatus.RUNNING, created);
    }

    /**
     * Stores a run in status {@code queued} without starting it, held back from every node (see
     * {@link RunLeases#HELD}) until {@link #startQueued} starts it: a run that waits its turn.
     *
     * @return the run's id
     */
    public String create(CompiledWorkflow workflow, Map<String, Object> params) {
        return store(RunIds.next(), workflow, params, List.of(), RunStatus.QUEUED, RunLeases.HELD, null).runId();
    }

    /**
     * Starts a run that {@link #create} stored, on this node, on the revision it pinned. Empty when
     * the run is not held any more (another caller started or cancelled it first), or when its
     * workflow was undeployed meanwhile: no new run starts on an undeployed workflow, so the run
     * ends cancelled.
     */
    public Optional<RunHandle> startQueued(String runId) {
        if (!leases.claimHeld(runId)) {
            return Optional.empty();
        }
        RunRecord record = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        Optional<CompiledWorkflow> current = catalog.latest(record.workflowId());
        if (current.isEmpty()) {
            endUnstarted(record, RunStatus.CANCELLED, "cancelled before it started: the workflow was undeployed");
            return Optional.empty();
        }
        // the current revision without the catalog's lock when the run pinned it (the common case)
        CompiledWorkflow workflow = current.filter(latest -> latest.revision() == record.revision())
                .orElseGet(() -> pinnedRevision(record));
        RunContext run = new RunContext(runId, workflow, record.params(), record.startTime(), store, events, leases::held, clock,
                record.steps());
        // paused while it waited its turn, it starts paused; cancelled, it ends at once
        controls.of(runId).ifPresent(run::follow);
        return Optional.of(launch(run, RunStatus.QUEUED, null));
    }

    /** Cancels a run that {@link #create} stored and nobody started: false when it was not held any more. */
    public boolean cancelQueued(String runId, String reason) {
        if (!leases.claimHeld(runId)) {
            return false;
        }
        endUnstarted(store.find(runId).orElseThrow(() -> new UnknownRunException(runId)), RunStatus.CANCELLED, reason);
        return true;
    }

    /**
     * Ends a run that is not executing on this node (waiting its turn, or one recovery could not
     * resume), with the event of its end in the same commit.
     */
    void endUnstarted(RunRecord record, RunStatus status, String reason) {
        RunContext.End end = new RunContext.End(status, clock.instant(), reason);
        ReportedEvent event = events.ended(record.runId(), record.workflowId(), record.startTime(), end);
        store.end(record.runId(), status, end.at(), reason, event);
        event.awaitDelivery();
    }

    /**
     * Stores a new run, its steps pending but for {@code reused} results, with the event that
     * reports its creation when there is one (else null). A run started at once is stored
     * {@code running}, so it needs no running mark of its own; one that waits its turn, {@code queued}.
     */
    private RunRecord store(String runId, CompiledWorkflow workflow, Map<String, Object> params,
            List<StepResult> reused, RunStatus status, RunLeases.Lease lease, ReportedEvent createdEvent) {
        Map<String, Object> merged = new LinkedHashMap<>(workflow.definition().params());
        if (params != null) {
            merged.putAll(params);
        }
        Map<String, Object> runParams = java.util.Collections.unmodifiableMap(merged);
        Map<String, StepResult> byKey = new LinkedHashMap<>();
        workflow.plan().steps().stream().filter(step -> !step.iterated())
                .forEach(step -> byKey.put(step.stepId(), StepResult.pending(step.stepId(), step.stepId(), fixedAgentOf(step))));
        reused.forEach(result -> byKey.put(result.key(), result));
        Instant now = clock.instant();
        RunRecord created = new RunRecord(runId, workflow.workflowId(), workflow.definition().name(),
                workflow.definition().version(), workflow.revision(), status, runParams, now, null,
                null, List.copyOf(byKey.values()), List.of());
        store.create(created, lease, createdEvent);
        return created;
    }

    /**
     * Runs a failed run again from its failed steps: the steps that succeeded keep their outputs
     * and are not called again.
     */
    public RunHandle retry(String runId) {
        RunRecord record = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (record.status() != RunStatus.FAILURE) {
            throw new RunConflictException("run " + runId + " is " + record.status().wireName()
                    + ": only a failed run can be retried");
        }
        CompiledWorkflow workflow = pinnedRevision(record);
        List<StepResult> kept = record.steps().stream()
                .filter(step -> step.status() == StepStatus.SUCCESS || step.status() == StepStatus.SKIPPED).toList();
        if (live.contains(runId)) {
            throw new RunConflictException("run " + runId + " is executing already");
        }
        store.reopen(runId, leases.newLease());
        // a cancel or pause asked of the run's earlier attempt does not hold over its retry
        controls.clear(runId);
        return launch(new RunContext(runId, workflow, record.params(), record.startTime(), store, events, leases::held, clock, kept),
                RunStatus.RUNNING, null);
    }

    private CompiledWorkflow pinnedRevision(RunRecord record) {
        return catalog.revision(record.workflowId(), record.revision())
                .orElseThrow(() -> new IllegalStateException("run " + record.runId() + " pinned revision "
                        + record.revision() + " of " + record.workflowId() + ", which is not in the store"));
    }

    /**
     * Re-enters a run that has not ended, as after a restart: on the revision it pinned, with the
     * results it has. Steps that succeeded are not called again (their outputs are restored); a
     * step that was running is called again, with the same Idempotency-Key.
     */
    public RunHandle reenter(String runId) {
        RunRecord record = store.find(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        if (record.status().isTerminal()) {
            throw new RunConflictException("run " + runId + " has ended (" + record.status().wireName() + ")");
        }
        if (live.contains(runId)) {
            throw new RunConflictException("run " + runId + " is executing already");
        }
        if (!leases.claim(runId)) {
            throw new RunConflictException("run " + runId + " is owned by another Caravan node");
        }
        CompiledWorkflow workflow = pinnedRevision(record);
        RunContext run = new RunContext(runId, workflow, record.params(), record.startTime(), store, events, leases::held, clock,
                record.steps());
        // paused or cancelled through any node's API, it stays so wherever it goes on
        controls.of(runId).ifPresent(run::follow);
        return launch(run, record.status(), null);
    }

    /**
     * Executes a run on a virtual thread of its own; {@code status} is its stored status now, and
     * {@code created} the run as this call stored it (null for a run taken up from the store).
     */
    private RunHandle launch(RunContext run, RunStatus status, RunRecord created) {
        CompletableFuture<RunRecord> done = live.admit(run);
        catalog.runStarted(run.workflow());
        Thread.ofVirtual().name("run-" + run.runId()).start(() -> execute(run, status, created, done));
        return new RunHandle(run.runId(), done);
    }

    /** What a caller holds of a started run. */
    public record RunHandle(String runId, CompletableFuture<RunRecord> completion) {
    }

    private void execute(RunContext run, RunStatus status, RunRecord created, CompletableFuture<RunRecord> done) {
        CompiledWorkflow workflow = run.workflow();
        ScheduledFuture<?> timeout = scheduleTimeout(run);
        boolean ended = false;
        try {
            // the status is known from the launch: reading the run back cost three queries per run.
            // The running mark is not waited for (recovery treats a queued run as a running one); it
            // commits before the run's first step result, and its outcome is checked before the end
            CompletableFuture<Void> runningMark = status == RunStatus.QUEUED
                    ? store.updateStatusWithoutWaiting(run.runId(), RunStatus.RUNNING)
                    : CompletableFuture.completedFuture(null);
            events.started(run);
            Exchange exchange = send(workflow.names().workflowEndpoint(), run);
            // a run whose running mark failed ends as a failure, as when that write was waited for
            joinRunningMark(runningMark);
            ended = conclude(run, exchange.getException());
        } catch (RuntimeException unexpected) {
            LOG.error("Run {} of {} stopped by an unexpected error", run.runId(), workflow.workflowId(), unexpected);
            ended = ending.commit(run, RunStatus.FAILURE, "internal error: " + unexpected);
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (ended) {
                if (!run.leaseLost()) {
                    joins.discardOpen(run);
                }
                finish(run, created, done);
            } else {
                abandon(run);
            }
        }
    }

    /**
     * Decides how a run whose route has returned ends, and commits it; false when the end could not
     * be written (the run is then abandoned here). A run whose lease was lost is not this node's to
     * end: it is reported as it stands.
     */
    private boolean conclude(RunContext run, Throwable failure) {
        CompiledWorkflow workflow = run.workflow();
        if (failure != null && run.failure().isEmpty()) {
            // a failure outside any step: an expression of a condition or a foreach
            run.fail(null, messages.describe(failure, null));
        }
        if (run.leaseLost()) {
            LOG.warn("Run {} of {} stopped on this node: its lease ran out, another node may go on with it",
                    run.runId(), workflow.workflowId());
            return true;
        }
        if (run.cancelled()) {
            return ending.commit(run, RunStatus.CANCELLED, "cancelled");
        }
        if (run.failure().isPresent()) {
            if (workflow.hasFailureHooks()) {
                send(workflow.names().failureEndpoint(), run);
            }
            return ending.commit(run, RunStatus.FAILURE, run.failure().get().message());
        }
        return ending.commit(run, RunStatus.SUCCESS, null);
    }

    private static void joinRunningMark(CompletableFuture<Void> runningMark) {
        try {
            runningMark.join();
        } catch (java.util.concurrent.CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private Exchange send(String endpoint, RunContext run) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Bindings.PROPERTY, RunScope.root(run));
        return producer.send(endpoint, exchange);
    }

    private ScheduledFuture<?> scheduleTimeout(RunContext run) {
        Duration limit = run.workflow().definition().timeout();
        if (limit == null) {
            return null;
        }
        return timeouts.schedule(() -> run.fail(null, "workflow timed out after " + limit.toSeconds() + "s"),
                limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(RunContext run, RunRecord created, CompletableFuture<RunRecord> done) {
        RunRecord record = ending.read(run, created);
        if (run.endEvent() == null) {
            // not ended by this node (its lease ran out): it leaves now. One ended here left as its
            // end committed (RunEnding)
            live.ended(run, record.status());
        }
        catalog.runEnded(run.workflow());
        ending.report(record, run.endEvent());
        done.complete(record);
    }

    private void abandon(RunContext run) {
        catalog.runEnded(run.workflow());
        live.abandon(run);
    }

    private static String fixedAgentOf(PlannedStep step) {
        return step.callsAgent() ? step.call().agent() : null;
    }
}
