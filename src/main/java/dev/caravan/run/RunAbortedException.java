package dev.caravan.run;

/**
 * A step did not start, or stopped waiting, because its run had already failed. Not a failure of
 * the step itself: the step stays pending and the run's first failure is what is reported.
 */
class RunAbortedException extends RuntimeException {

    RunAbortedException(String reason) {
        super("run stopped: " + reason, null, false, false);
    }
}
