package dev.caravan.run;

import java.util.Map;
import java.util.Optional;

/**
 * The control requests of unfinished runs, in the store every node shares: the API of any node
 * writes them, the node executing the run applies them ({@link RunControlSync}).
 */
public interface RunControls {

    /**
     * Asks an unfinished run to pause: false when it has ended or a cancel is pending, which a
     * pause does not override.
     */
    boolean requestPause(String runId);

    /** Asks an unfinished run to stop (over a pause): false when it has ended. */
    boolean requestCancel(String runId);

    /** Withdraws a pause: false when the run has ended or is not paused. */
    boolean withdrawPause(String runId);

    /** The request standing for a run, if any. */
    Optional<ControlRequest> of(String runId);

    /** The requests standing for the unfinished runs that a node owns, by run id. */
    Map<String, ControlRequest> requestedOf(String nodeId);

    /** Forgets the request of a run that starts again (a retry of a failed run). */
    void clear(String runId);
}
