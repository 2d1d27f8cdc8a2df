package dev.caravan.definition;

import java.util.Optional;

/**
 * Checks a schedule's cron expression: 5 fields (minute hour day-of-month month day-of-week), as
 * in the seed examples, or 6 and 7 fields of Quartz (seconds first, year last). The check is the
 * translation to Quartz itself ({@link QuartzCron}), so what validates is what will be scheduled.
 */
final class CronCheck {

    static final String EXPECTED = "expected a cron expression of 5 fields (minute hour day-of-month month day-of-week), like */5 * * * *";

    private CronCheck() {
    }

    /** Empty when {@code cron} is valid, else what is wrong with it. */
    static Optional<String> problemOf(String cron) {
        try {
            QuartzCron.toQuartz(cron);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage().equals(EXPECTED) ? EXPECTED : "bad cron expression: " + e.getMessage());
        }
    }
}
