package dev.caravan.run;

import java.util.EnumSet;
import java.util.Set;

/** A run's life: queued, running, then one terminal state. Transitions outside {@link #next()} are bugs. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCESS, FAILURE, CANCELLED;

    /** The states a run may move to from this one. */
    public Set<RunStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILURE);
            case RUNNING -> EnumSet.of(SUCCESS, FAILURE, CANCELLED);
            // a failed run may be retried: it runs again from its failed steps
            case FAILURE -> EnumSet.of(RUNNING);
            case SUCCESS, CANCELLED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    /** Whether the run has ended (a failed run has, even though a retry may start it again). */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILURE || this == CANCELLED;
    }

    /** The lower-case name used in the API and the result, as in the first seed. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
