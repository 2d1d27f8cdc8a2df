package dev.caravan.run;

/**
 * A step failed for good (its retries are spent). It fails the run, unless the step has
 * {@code continue_on_failure}: then the workflow route catches it and goes on.
 */
public class StepFailedException extends RuntimeException {

    StepFailedException(String stepKey, String message) {
        super("step " + stepKey + " failed: " + message, null, false, false);
    }
}
