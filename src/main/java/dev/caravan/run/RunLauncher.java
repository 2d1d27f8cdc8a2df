package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.PlannedStep;
import dev.caravan.expression.Bindings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final MeterRegistry meters;
    private final FailureMessages messages;
    private final RunEvents events;
    private final RunLeases leases;
    private final RunControls controls;
    private final BranchJoins joins;
    private final ProducerTemplate producer;
    private final Map<String, CompletableFuture<RunRecord>> running = new ConcurrentHashMap<>();
    private final Map<String, RunContext> live = new ConcurrentHashMap<>();
    private final java.util.Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong ended = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("caravan-run-timeouts").daemon().factory());

    public RunLauncher(CamelContext camel, RunStore store, WorkflowCatalog catalog, Clock clock, MeterRegistry meters,
            FailureMessages messages, RunEvents events, RunLeases leases, RunControls controls, BranchJoins joins) {
        this.camel = camel;
        this.joins = joins;
        this.controls = controls;
        this.leases = leases;
        this.messages = messages;
        this.events = events;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.meters = meters;
        this.producer = camel.createProducerTemplate();
        meters.gauge("orchestrator.workflows.active", active);
        // the share of ended runs that succeeded since start-up (1 before any run ends)
        meters.gauge("orchestrator.success.rate", this,
                launcher -> launcher.ended.get() == 0 ? 1.0 : (double) launcher.succeeded.get() / launcher.ended.get());
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
        RunRecord created = store(workflow, params, reused, leases.newLease());
        RunContext run = new RunContext(created.runId(), workflow, created.params(), store, events, leases::held, clock,
                reused);
        return launch(run, RunStatus.QUEUED);
    }

    /**
     * Stores a run in status {@code queued} without starting it, held back from every node (see
     * {@link RunLeases#HELD}) until {@link #startQueued} starts it: a run that waits its turn.
     *
     * @return the run's id
     */
    public String create(CompiledWorkflow workflow, Map<String, Object> params) {
        return store(workflow, params, List.of(), RunLeases.HELD).runId();
    }

    /**
     * Starts a run that {@link #create} stored, on this node, on the revision it pinned. Empty when
     * the run is not held any more (another caller started or cancelled it first), or when its
     * workflow was undeployed meanwhile: no new run starts on an undeployed workflow, so the run
     * ends cancelled.
     */
    public java.util.Optional<RunHandle> startQueued(String runId) {
        if (!leases.claimHeld(runId)) {
            return java.util.Optional.empty();
        }
        RunRecord record = store.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        java.util.Optional<CompiledWorkflow> current = catalog.latest(record.workflowId());
        if (current.isEmpty()) {
            store.updateStatus(runId, RunStatus.CANCELLED, clock.instant(),
                    "cancelled before it started: the workflow was undeployed");
            events.ended(store.find(runId).orElseThrow());
            return java.util.Optional.empty();
        }
        // the current revision without the catalog's lock when the run pinned it (the common case)
        CompiledWorkflow workflow = current.filter(latest -> latest.revision() == record.revision())
                .orElseGet(() -> pinnedRevision(record));
        RunContext run = new RunContext(runId, workflow, record.params(), store, events, leases::held, clock,
                record.steps());
        // paused while it waited its turn, it starts paused; cancelled, it ends at once
        controls.of(runId).ifPresent(run::follow);
        return java.util.Optional.of(launch(run, RunStatus.QUEUED));
    }

    /** Cancels a run that {@link #create} stored and nobody started: false when it was not held any more. */
    public boolean cancelQueued(String runId, String reason) {
        if (!leases.claimHeld(runId)) {
            return false;
        }
        store.updateStatus(runId, RunStatus.CANCELLED, clock.instant(), reason);
        events.ended(store.find(runId).orElseThrow());
        return true;
    }

    /** Stores a new run in status queued, its steps pending but for {@code reused} results. */
    private RunRecord store(CompiledWorkflow workflow, Map<String, Object> params, List<StepResult> reused,
            RunLeases.Lease lease) {
        String runId = UUID.randomUUID().toString();
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
                workflow.definition().version(), workflow.revision(), RunStatus.QUEUED, runParams, now, null,
                null, List.copyOf(byKey.values()), List.of());
        store.create(created, lease);
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
        if (live.containsKey(runId)) {
            throw new RunConflictException("run " + runId + " is executing already");
        }
        store.reopen(runId, leases.newLease());
        // a cancel or pause asked of the run's earlier attempt does not hold over its retry
        controls.clear(runId);
        return launch(new RunContext(runId, workflow, record.params(), store, events, leases::held, clock, kept),
                RunStatus.RUNNING);
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
        if (live.containsKey(runId)) {
            throw new RunConflictException("run " + runId + " is executing already");
        }
        if (!leases.claim(runId)) {
            throw new RunConflictException("run " + runId + " is owned by another Caravan node");
        }
        CompiledWorkflow workflow = pinnedRevision(record);
        RunContext run = new RunContext(runId, workflow, record.params(), store, events, leases::held, clock,
                record.steps());
        // paused or cancelled through any node's API, it stays so wherever it goes on
        controls.of(runId).ifPresent(run::follow);
        return launch(run, record.status());
    }

    /** Executes a run on a virtual thread of its own; {@code status} is its stored status now. */
    private RunHandle launch(RunContext run, RunStatus status) {
        if (live.putIfAbsent(run.runId(), run) != null) {
            throw new RunConflictException("run " + run.runId() + " is executing already");
        }
        abandoned.remove(run.runId());
        CompletableFuture<RunRecord> done = new CompletableFuture<>();
        running.put(run.runId(), done);
        catalog.runStarted(run.workflow());
        active.incrementAndGet();
        Thread.ofVirtual().name("run-" + run.runId()).start(() -> execute(run, status, done));
        return new RunHandle(run.runId(), done);
    }

    /** What a caller holds of a started run. */
    public record RunHandle(String runId, CompletableFuture<RunRecord> completion) {
    }

    private void execute(RunContext run, RunStatus status, CompletableFuture<RunRecord> done) {
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
            Throwable failure = exchange.getException();
            if (failure != null && run.failure().isEmpty()) {
                // a failure outside any step: an expression of a condition or a foreach
                run.fail(null, messages.describe(failure, null));
            }
            if (run.leaseLost()) {
                LOG.warn("Run {} of {} stopped on this node: its lease ran out, another node may go on with it",
                        run.runId(), workflow.workflowId());
                ended = true;
            } else if (run.cancelled()) {
                ended = commitEnd(run, RunStatus.CANCELLED, "cancelled");
            } else if (run.failure().isPresent()) {
                if (workflow.hasFailureHooks()) {
                    send(workflow.names().failureEndpoint(), run);
                }
                ended = commitEnd(run, RunStatus.FAILURE, run.failure().get().message());
            } else {
                ended = commitEnd(run, RunStatus.SUCCESS, null);
            }
        } catch (RuntimeException unexpected) {
            LOG.error("Run {} of {} stopped by an unexpected error", run.runId(), workflow.workflowId(), unexpected);
            ended = commitEnd(run, RunStatus.FAILURE, "internal error: " + unexpected);
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (ended) {
                if (!run.leaseLost()) {
                    joins.discardOpen(run);
                }
                finish(run, done);
            } else {
                abandon(run);
            }
        }
    }

    private static void joinRunningMark(CompletableFuture<Void> runningMark) {
        try {
            runningMark.join();
        } catch (java.util.concurrent.CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * Commits a run's end, however long the database takes to come back: a run's final status is
     * committed before it is reported. This node stops trying once its leases are no longer good
     * (it cannot renew them either); the run is then left to {@link #abandoned()}. Returns whether
     * the end was committed.
     */
    private boolean commitEnd(RunContext run, RunStatus status, String error) {
        long pauseMillis = 50;
        while (true) {
            try {
                store.updateStatus(run.runId(), status, clock.instant(), error);
                return true;
            } catch (RuntimeException e) {
                if (!leases.held()) {
                    LOG.error("Run {} ended {} but its end could not be written ({}), and this node's leases ran out: "
                            + "it will be taken up again", run.runId(), status.wireName(), e.getMessage());
                    return false;
                }
                LOG.warn("Run {} ended {} but its end could not be written yet, trying again in {} ms: {}",
                        run.runId(), status.wireName(), pauseMillis, e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pauseMillis = Math.min(pauseMillis * 2, 2_000);
            }
        }
    }

    /**
     * A run whose end could not be written leaves this process as if it had crashed there: its row
     * says it is still going, and {@link RunRecovery} re-enters it from its rows, as after a crash.
     * Callers waiting for it keep waiting until their limit and then read it as it stands.
     */
    private void abandon(RunContext run) {
        active.decrementAndGet();
        catalog.runEnded(run.workflow());
        running.remove(run.runId());
        live.remove(run.runId());
        abandoned.add(run.runId());
    }

    /** Runs whose end this node could not write, until they are re-entered: {@link RunRecovery} takes them up. */
    java.util.List<String> abandoned() {
        return java.util.List.copyOf(abandoned);
    }

    /** An abandoned run that ended or went to another node meanwhile: nothing more to do here. */
    void forgetAbandoned(String runId) {
        abandoned.remove(runId);
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

    private void finish(RunContext run, CompletableFuture<RunRecord> done) {
        RunRecord record = store.find(run.runId()).orElseThrow();
        active.decrementAndGet();
        ended.incrementAndGet();
        if (record.status() == RunStatus.SUCCESS) {
            succeeded.incrementAndGet();
        }
        catalog.runEnded(run.workflow());
        running.remove(run.runId());
        live.remove(run.runId());
        Duration took = Duration.between(record.startTime(), record.endTime() == null ? clock.instant() : record.endTime());
        Timer.builder("orchestrator.workflow.duration").tag("workflow", record.workflowId())
                .register(meters).record(took);
        Counter.builder("orchestrator.workflows").tag("workflow", record.workflowId())
                .tag("status", record.status().wireName()).register(meters).increment();
        LOG.info("Run {} of {} ended {} in {} ms", record.runId(), record.workflowId(), record.status().wireName(),
                took.toMillis());
        events.ended(record);
        done.complete(record);
    }

    /** How many runs are executing in this process. */
    public int activeRuns() {
        return active.get();
    }

    /** Whether a run is executing in this process. */
    public boolean isLive(String runId) {
        return live.containsKey(runId);
    }

    /** The runs executing in this process. */
    java.util.Collection<RunContext> liveRuns() {
        return java.util.List.copyOf(live.values());
    }

    /** A run executing in this process, for cancel, pause and resume. */
    java.util.Optional<RunContext> live(String runId) {
        return java.util.Optional.ofNullable(live.get(runId));
    }

    /** The future of a run still in this process, for callers that wait. */
    public java.util.Optional<CompletableFuture<RunRecord>> completionOf(String runId) {
        return java.util.Optional.ofNullable(running.get(runId));
    }

    private static String fixedAgentOf(PlannedStep step) {
        return step.callsAgent() ? step.call().agent() : null;
    }
}
