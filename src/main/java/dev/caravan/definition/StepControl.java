package dev.caravan.definition;

import java.time.Duration;
import java.util.List;

/**
 * What every step kind shares.
 *
 * @param dependsOn ids this step waits for; null means "the step before it in its list" (none for
 *                  the first), an empty list makes the step a root
 * @param condition expression; false skips the step (for a {@link BranchStep}: chooses else), may be null
 * @param timeout per agent call, null for the default (30s)
 * @param retry overrides the workflow's retry for this step, may be null
 * @param continueOnFailure the workflow goes on when this step fails
 */
public record StepControl(
        List<String> dependsOn,
        String condition,
        Duration timeout,
        RetryPolicy retry,
        boolean continueOnFailure) {

    public static final StepControl DEFAULT = new StepControl(null, null, null, null, false);

    public StepControl {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
    }
}
