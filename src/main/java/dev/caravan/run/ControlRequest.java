package dev.caravan.run;

/**
 * What was asked of an unfinished run, kept with the run so that it holds on whichever node
 * executes the run, now or after a restart or a take-over.
 */
public enum ControlRequest {
    /** No new step starts until the pause is withdrawn; steps already running finish. */
    PAUSE,
    /** No new step starts; the run ends {@code cancelled}. Final: a cancel is never withdrawn. */
    CANCEL
}
