package dev.caravan.monitoring;

/**
 * The outcome of one {@code GET {instance}/health}.
 *
 * @param agent the agent's id
 * @param instance the instance's base URL, as in the registry
 * @param healthy whether it answered 2xx, without a {@code status} other than {@code UP}
 * @param reason why it is down; null when healthy
 */
record HealthCheck(String agent, String instance, boolean healthy, String reason) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    String status() {
        return healthy ? UP : DOWN;
    }
}
