package dev.caravan.run;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The durable side of a step that waits (for an agent's callback or for a signal), kept on the
 * step's own row so that a restarted or another node knows what the step waits for and until when.
 */
public interface WaitStore {

    /** What a step row says about its wait. */
    record StepWait(StepStatus status, String waitingFor, Instant deadline, Map<String, Object> output, String error) {
    }

    /** Records that a running step waits, for what ({@code callback}, {@code signal:<name>}) and until when. */
    void markWaiting(String runId, String stepKey, String waitingFor, Instant deadline);

    /** The step's row, when there is one. */
    Optional<StepWait> find(String runId, String stepKey);

    /**
     * Ends a wait: the step becomes success (with its output) or failure (with its error), but only
     * if it is still running and waiting. False when it was not: it had already ended.
     */
    boolean finish(String runId, String stepKey, boolean success, Map<String, Object> output, String error,
            Instant endTime);

    /** The keys of a run's steps that wait for this signal now, first written first. */
    java.util.List<String> waitingForSignal(String runId, String signal);

    /**
     * Drops what the rendezvous still holds for a wait that has ended (a waiting part that lost a
     * race with the answer, say): once the step's row is final nothing may complete it again.
     */
    void discardRendezvous(String runId, String stepKey);

    /** The secret that signs callback URLs: made by the first node that asks, then shared. */
    byte[] callbackKey();
}
