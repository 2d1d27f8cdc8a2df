package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.PlannedStep;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run while it executes: the revision it pinned, its params, and the latest state of each of its
 * steps. Every state change goes through {@link #save}, which commits it to the {@link RunStore}
 * before the step's dependants may start. Created with the results of an earlier life of the run,
 * it re-enters: completed steps are not called again.
 */
public final class RunContext {

    private final String runId;
    private final CompiledWorkflow workflow;
    private final Map<String, Object> params;
    private final RunStore store;
    private final RunEvents events;
    private final java.util.function.BooleanSupplier leaseHeld;
    private volatile boolean leaseLost;
    private final Clock clock;
    private final Map<String, StepResult> results = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<StepStatus>> completions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<StepResult> succeeded = new ConcurrentLinkedDeque<>();
    /** Results handed over without waiting ({@link #saveBeforeDependants}) and not yet known committed. */
    private final java.util.Queue<Unsettled> unsettled = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** Joins of parallel steps some branch has arrived at and that have not let the run on yet. */
    private final java.util.Set<String> openJoins = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private final Instant startTime;
    private volatile End end;
    private volatile dev.caravan.event.ReportedEvent endEvent;
    private final java.util.concurrent.locks.ReentrantLock pauseLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition unpaused = pauseLock.newCondition();
    private boolean paused;

    /** A step's result handed over to the store, and its commit. */
    private record Unsettled(StepResult result, CompletableFuture<?> committed) {
    }

    /** How a run ended, as committed. */
    record End(RunStatus status, Instant at, String error) {
    }

    /** The first failure that ends a run: the step it happened in and what happened. */
    public record Failure(String stepKey, String message) {
    }

    RunContext(String runId, CompiledWorkflow workflow, Map<String, Object> params, Instant startTime, RunStore store,
            RunEvents events, java.util.function.BooleanSupplier leaseHeld, Clock clock, List<StepResult> earlierResults) {
        this.leaseHeld = leaseHeld;
        this.runId = runId;
        this.workflow = workflow;
        this.params = params;
        this.startTime = startTime;
        this.store = store;
        this.events = events;
        this.clock = clock;
        earlierResults.forEach(this::restore);
    }

    private void restore(StepResult result) {
        results.put(result.key(), result);
        if (result.status() == StepStatus.SUCCESS) {
            succeeded.add(result);
        }
        if (result.status().isTerminal()) {
            completion(result.key()).complete(result.status());
        }
    }

    public String runId() {
        return runId;
    }

    public CompiledWorkflow workflow() {
        return workflow;
    }

    public Map<String, Object> params() {
        return params;
    }

    Instant now() {
        return clock.instant();
    }

    PlannedStep planned(String stepId) {
        return workflow.plan().get(stepId);
    }

    Optional<StepResult> result(String key) {
        return Optional.ofNullable(results.get(key));
    }

    /** The latest successful result of a step in any iteration, for names used outside their loop. */
    Optional<StepResult> latestSuccessOf(String stepId) {
        var iterator = succeeded.descendingIterator();
        while (iterator.hasNext()) {
            StepResult result = iterator.next();
            if (result.stepId().equals(stepId)) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** The latest successful output that has a field of this name ("latest wins"). */
    Optional<Object> latestOutputField(String field) {
        var iterator = succeeded.descendingIterator();
        while (iterator.hasNext()) {
            Map<String, Object> output = iterator.next().output();
            if (output != null && output.containsKey(field)) {
                return Optional.ofNullable(output.get(field));
            }
        }
        return Optional.empty();
    }

    java.util.Collection<StepResult> succeededResults() {
        return succeeded;
    }

    /** Commits a step's new state, then lets whoever waits for it go on. */
    void save(StepResult result) {
        store.saveStep(runId, result);
        remember(result);
    }

    /**
     * Hands a step's new state to the store without waiting for its commit: only for a state that
     * nothing waits on and that a crash may lose ({@link RunStore#saveStepWithoutWaiting}).
     */
    void saveWithoutWaiting(StepResult result) {
        if (result.status().isTerminal()) {
            throw new IllegalArgumentException("a step's result is committed before its dependants start: use save");
        }
        store.saveStepWithoutWaiting(runId, result);
        remember(result);
    }

    /**
     * Hands a step's result to the store without waiting for its commit, and lets whoever waits
     * for it go on: the commit is waited for by whatever of this run starts next
     * ({@link #checkRunning}), and the run's end is committed only after it ({@link #unsettledWrites}).
     * The last step's result and the run's end so share a commit instead of waiting for one each.
     * A crash before the commit loses the result as it would lose a call in flight: the step is
     * called again, with the same Idempotency-Key.
     */
    void saveBeforeDependants(StepResult result) {
        if (!result.status().isTerminal()) {
            throw new IllegalArgumentException("only a step's result is saved before its dependants: use save");
        }
        unsettled.add(new Unsettled(result, store.saveStepWithoutWaiting(runId, result)));
        remember(result);
    }

    /**
     * Waits for the results handed over without waiting to be committed; one whose commit failed
     * is saved again, waited for, so that nothing is lost.
     *
     * @throws RuntimeException the store's error when a result cannot be saved again
     */
    void settleResults() {
        for (Unsettled pending = unsettled.peek(); pending != null; pending = unsettled.peek()) {
            try {
                pending.committed().join();
            } catch (java.util.concurrent.CompletionException failed) {
                store.saveStep(runId, pending.result());
            }
            unsettled.remove(pending);
        }
    }

    /** The commits of results handed over without waiting that are not known to have succeeded: the run's end comes after them. */
    List<CompletableFuture<?>> unsettledWrites() {
        List<CompletableFuture<?>> writes = new java.util.ArrayList<>(unsettled.size());
        for (Unsettled pending : unsettled) {
            if (!pending.committed().isDone() || pending.committed().isCompletedExceptionally()) {
                writes.add(pending.committed());
            }
        }
        return writes;
    }

    private void remember(StepResult result) {
        StepResult before = results.put(result.key(), result);
        events.stepChanged(runId, before, result);
        if (result.status() == StepStatus.SUCCESS) {
            succeeded.add(result);
        }
        if (result.status().isTerminal()) {
            completion(result.key()).complete(result.status());
        }
    }

    /** Whether every step this run has a state of is one of {@code steps} (no iteration was added). */
    boolean touchedOnly(List<StepResult> steps) {
        if (results.size() > steps.size()) {
            return false;
        }
        java.util.Set<String> keys = new java.util.HashSet<>(steps.size() * 2);
        steps.forEach(step -> keys.add(step.key()));
        return keys.containsAll(results.keySet());
    }

    /** The end this node committed, and the event committed with it, which waits for its release. */
    void ended(End committed, dev.caravan.event.ReportedEvent event) {
        end = committed;
        endEvent = event;
    }

    /** How the run ended, once its end is committed by this node; else null. */
    End end() {
        return end;
    }

    /** The event of the end this node committed, to release once the run has left; else null. */
    dev.caravan.event.ReportedEvent endEvent() {
        return endEvent;
    }

    /** When the run was first started (a retry goes on with the same run). */
    Instant startTime() {
        return startTime;
    }

    void joinOpened(String joinKey) {
        openJoins.add(joinKey);
    }

    void joinClosed(String joinKey) {
        openJoins.remove(joinKey);
    }

    /** The joins still open: at the run's end, those a failed branch or a cancel left incomplete. */
    java.util.Set<String> openJoins() {
        return java.util.Set.copyOf(openJoins);
    }

    void saveHook(RunRecord.HookResult hook) {
        store.saveHook(runId, hook);
    }

    CompletableFuture<StepStatus> completion(String key) {
        return completions.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    Semaphore permits(String key, int count) {
        return permits.computeIfAbsent(key, k -> new Semaphore(count, true));
    }

    /**
     * Records the failure that ends the run (the first one wins) and stops the run: no step starts
     * after this, and steps waiting for dependencies give up.
     */
    void fail(String stepKey, String message) {
        if (failure.compareAndSet(null, new Failure(stepKey, message))) {
            completions.values().forEach(future -> future.completeExceptionally(new RunAbortedException(message)));
        }
    }

    Optional<Failure> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Waits while the run is paused, then throws when the run has ended by a failure, a timeout or
     * a cancel: called before anything starts, so nothing new starts in a paused or stopped run.
     */
    void checkRunning() {
        pauseLock.lock();
        try {
            while (paused && failure.get() == null) {
                unpaused.awaitUninterruptibly();
            }
        } finally {
            pauseLock.unlock();
        }
        if (!leaseHeld.getAsBoolean()) {
            // another node may own this run by now: this node must not start anything more of it
            leaseLost = true;
            fail(null, "this node's lease on the run ran out");
        }
        Failure ended = failure.get();
        if (ended != null) {
            throw new RunAbortedException(ended.message());
        }
        // what starts now may depend on a result still on its way to the database
        settleResults();
    }

    /** Whether this node stopped the run because its lease ran out: its outcome is another node's to write. */
    boolean leaseLost() {
        return leaseLost;
    }

    /**
     * Brings the run in line with what was asked of it: held by a pause, stopped by a cancel, and
     * going on when nothing ({@code null}) is asked. Returns whether anything changed.
     */
    boolean follow(ControlRequest request) {
        if (request == ControlRequest.CANCEL && !cancelled) {
            cancel();
            return true;
        }
        boolean pause = request == ControlRequest.PAUSE;
        if (request != ControlRequest.CANCEL && pause != paused()) {
            if (pause) {
                pause();
            } else {
                resume();
            }
            return true;
        }
        return false;
    }

    /** No new step starts; steps already running finish. The run then ends {@code cancelled}. */
    void cancel() {
        cancelled = true;
        fail(null, "cancelled");
        resume();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** No new step starts until {@link #resume}; steps already running finish. */
    void pause() {
        pauseLock.lock();
        try {
            paused = true;
        } finally {
            pauseLock.unlock();
        }
    }

    void resume() {
        pauseLock.lock();
        try {
            paused = false;
            unpaused.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    boolean paused() {
        pauseLock.lock();
        try {
            return paused;
        } finally {
            pauseLock.unlock();
        }
    }
}
