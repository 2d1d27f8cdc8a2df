package dev.caravan.definition;

import java.util.Optional;

/**
 * Checks a schedule's cron expression: 5 fields (minute hour day-of-month month day-of-week), as
 * in the seed examples, or 6 and 7 fields of Quartz (seconds first, year last). The check is the
 * translation to Quartz itself ({@link QuartzCron}), so what validates is what will be scheduled.
 */
final class CronCheck {

    static final String EXPECTED = "expected a cron expression of 5 fields (minute hour day-of-month month day-of-week), like */5 * * * *";
    /** Quartz keeps a schedule's expression in its database: QRTZ_CRON_TRIGGERS.CRON_EXPRESSION is 120 wide. */
    static final int MAX_QUARTZ_LENGTH = 120;

    private CronCheck() {
    }

    /** Empty when {@code cron} is valid, else what is wrong with it. */
    static Optional<String> problemOf(String cron) {
        try {
            String quartz = QuartzCron.toQuartz(cron);
            if (quartz.length() > MAX_QUARTZ_LENGTH) {
                return Optional.of("the schedule is " + quartz.length() + " characters long as Quartz writes it ('"
                        + quartz + "'), and Quartz keeps at most " + MAX_QUARTZ_LENGTH + ": use ranges and steps (0-30/5)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage().equals(EXPECTED) ? EXPECTED : "bad cron expression: " + e.getMessage());
        }
    }
}
