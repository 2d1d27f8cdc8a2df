package dev.caravan.definition;

/**
 * When a workflow runs by itself.
 *
 * @param cron a 5-field cron expression, or a 6/7-field Quartz expression
 * @param timezone an IANA zone name, default {@code UTC}
 */
public record ScheduleDefinition(String cron, String timezone) {
}
