package dev.caravan.run;

/** What was asked of a run does not fit where the run stands (it has ended, say): answered 409. */
public class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
