package dev.caravan.run;

import java.util.EnumSet;
import java.util.Set;

/** A step's life within a run. */
public enum StepStatus {
    PENDING, RUNNING, SUCCESS, FAILURE, SKIPPED;

    public Set<StepStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, SKIPPED, SUCCESS, FAILURE);
            // a running step is retried in place, so RUNNING -> RUNNING records another attempt
            case RUNNING -> EnumSet.of(RUNNING, SUCCESS, FAILURE);
            case SUCCESS, FAILURE, SKIPPED -> EnumSet.noneOf(StepStatus.class);
        };
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** A step is done for its dependants when it succeeded or was skipped. */
    public boolean satisfiesDependants() {
        return this == SUCCESS || this == SKIPPED;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
