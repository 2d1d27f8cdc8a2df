package dev.caravan.monitoring;

import java.util.HashMap;
import java.util.Map;

/**
 * Instance states from checks: an instance that is up goes down after {@code downAfter} failed
 * checks in a row, and one that is down comes up with its first good check. Used by one poll at a
 * time (the timer's), so it needs no locking.
 */
final class HealthStates {

    private final int downAfter;
    private final Map<String, Integer> failuresInARow = new HashMap<>();

    HealthStates(int downAfter) {
        this.downAfter = downAfter;
    }

    /** Whether the instance is healthy after this check, given whether it was before. */
    boolean after(HealthCheck check, boolean healthyBefore) {
        String instance = check.agent() + " " + check.instance();
        if (check.healthy()) {
            failuresInARow.remove(instance);
            return true;
        }
        int failures = failuresInARow.merge(instance, 1, Integer::sum);
        return healthyBefore && failures < downAfter;
    }
}
