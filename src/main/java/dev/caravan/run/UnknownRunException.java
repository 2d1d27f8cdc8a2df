package dev.caravan.run;

/** No run has that id, or the run has no such part (a step, a step waiting for a signal). */
public class UnknownRunException extends RuntimeException {

    public UnknownRunException(String runId) {
        super("no run " + runId);
    }

    private UnknownRunException(String message, Void whole) {
        super(message);
    }

    /** A part of an existing run that is not there, said in full. */
    static UnknownRunException noPart(String message) {
        return new UnknownRunException(message, null);
    }
}
