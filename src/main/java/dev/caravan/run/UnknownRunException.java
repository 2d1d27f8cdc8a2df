package dev.caravan.run;

/** No run has that id. */
public class UnknownRunException extends RuntimeException {

    public UnknownRunException(String runId) {
        super("no run " + runId);
    }
}
