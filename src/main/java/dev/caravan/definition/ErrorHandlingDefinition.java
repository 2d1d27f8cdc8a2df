package dev.caravan.definition;

import java.util.List;

/**
 * The workflow-wide retry policy and what runs once when a run fails.
 *
 * @param retry the default retry of every agent call, {@link RetryPolicy#NONE} when not given
 * @param onFailure hooks run in order once when the run fails; a failing hook never hides the failure
 */
public record ErrorHandlingDefinition(RetryPolicy retry, List<FailureHook> onFailure) {

    public static final ErrorHandlingDefinition NONE = new ErrorHandlingDefinition(RetryPolicy.NONE, List.of());

    public ErrorHandlingDefinition {
        retry = retry == null ? RetryPolicy.NONE : retry;
        onFailure = onFailure == null ? List.of() : List.copyOf(onFailure);
    }
}
