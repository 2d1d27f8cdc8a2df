package dev.caravan.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs and their steps are kept. Each call is a commit point: a step result saved here is
 * never lost by the store once the call returns, and it is saved before any step that depends on
 * it starts. The in-memory store keeps that order; the durable store keeps it across a crash.
 */
public interface RunStore {

    /** Creates a run that no node owns yet: the first node to claim it executes it. */
    void create(RunRecord run);

    /** Creates a run owned by {@code lease}'s node from the start, in the same commit. */
    default void create(RunRecord run, RunLeases.Lease lease) {
        create(run, lease, null);
    }

    /**
     * Creates a run owned by {@code lease}'s node, and the event that reports its creation, in one
     * commit ({@code null}: no event). The caller releases the event.
     */
    void create(RunRecord run, RunLeases.Lease lease, dev.caravan.event.ReportedEvent created);

    /** Saves a step's new state; the record with the same key is replaced. */
    void saveStep(String runId, StepResult step);

    /**
     * Saves a step's new state without waiting for its commit: only for states a crash may lose
     * (docs/state.md, "Group commit"), such as {@code running} before a call, which after a crash
     * just means the call is made again with the same Idempotency-Key, or a result whose
     * dependants wait for the returned future before they start. It is committed before any later
     * write of the same run; the future completes once it is committed, or fails.
     */
    default java.util.concurrent.CompletableFuture<?> saveStepWithoutWaiting(String runId, StepResult step) {
        saveStep(runId, step);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Moves a run to a status that is not terminal; a run ends through {@link #end}, with its event.
     *
     * @throws IllegalArgumentException for a terminal status
     * @throws IllegalStateException when the run is missing or its status does not lead to this one
     */
    void updateStatus(String runId, RunStatus status, java.time.Instant endTime, String error);

    /**
     * Ends a run: its final status, end time and error are committed in one transaction with the
     * event that reports the end ({@code workflow.execution.completed}), so that a crash keeps both
     * or neither. The caller releases the event once its memory shows the end.
     *
     * @throws IllegalArgumentException for a status that is not terminal
     * @throws IllegalStateException when the run is missing or has ended already: nothing is committed
     */
    default void end(String runId, RunStatus status, java.time.Instant endTime, String error,
            dev.caravan.event.ReportedEvent ended) {
        end(runId, status, endTime, error, ended, List.of());
    }

    /**
     * {@link #end(String, RunStatus, java.time.Instant, String, dev.caravan.event.ReportedEvent)}
     * once the step writes whose futures are in {@code after} (handed over without waiting) are
     * committed; when one of them failed, nothing is committed and this throws.
     */
    void end(String runId, RunStatus status, java.time.Instant endTime, String error,
            dev.caravan.event.ReportedEvent ended, List<? extends java.util.concurrent.CompletableFuture<?>> after);

    /**
     * Moves a run to a status that is not terminal without waiting for the commit: for the
     * {@code running} mark, which recovery treats as {@code queued} (docs/state.md, "Group commit").
     * It is committed before any later write of the same run; the future fails as
     * {@link #updateStatus} would throw.
     */
    default java.util.concurrent.CompletableFuture<Void> updateStatusWithoutWaiting(String runId, RunStatus status) {
        if (status.isTerminal()) {
            throw new IllegalArgumentException("a run's end is committed before it is reported: use updateStatus");
        }
        try {
            updateStatus(runId, status, null, null);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException failed) {
            return java.util.concurrent.CompletableFuture.failedFuture(failed);
        }
    }

    /**
     * A failed run running again (retry), owned by {@code lease}'s node in the same commit, so no
     * other node's recovery takes it between the two.
     */
    void reopen(String runId, RunLeases.Lease lease);

    void saveHook(String runId, RunRecord.HookResult hook);

    Optional<RunRecord> find(String runId);

    /** Runs newest first, as the query says; the runs come without their steps. */
    RunQuery.Page list(RunQuery query);

}
