package dev.caravan.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs and their steps are kept. Each call is a commit point: a step result saved here is
 * never lost by the store once the call returns, and it is saved before any step that depends on
 * it starts. The in-memory store keeps that order; the durable store keeps it across a crash.
 */
public interface RunStore {

    void create(RunRecord run);

    /** Saves a step's new state; the record with the same key is replaced. */
    void saveStep(String runId, StepResult step);

    /** Moves a run to a new status, with its end time and error when terminal. */
    void updateStatus(String runId, RunStatus status, java.time.Instant endTime, String error);

    void saveHook(String runId, RunRecord.HookResult hook);

    Optional<RunRecord> find(String runId);

    /** Runs newest first, as the query says; the runs come without their steps. */
    RunQuery.Page list(RunQuery query);

}
