package dev.caravan.definition;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks a schedule's cron expression: 5 fields (minute hour day-of-month month day-of-week), as
 * in the seed examples, or 6 and 7 fields of Quartz (seconds first, year last).
 */
final class CronCheck {

    static final String EXPECTED = "expected a cron expression of 5 fields (minute hour day-of-month month day-of-week), like */5 * * * *";

    private static final Pattern YEAR = Pattern.compile("[0-9*?/,-]+");

    private CronCheck() {
    }

    /** Empty when {@code cron} is valid, else what is wrong with it. */
    static Optional<String> problemOf(String cron) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length < 5 || fields.length > 7) {
            return Optional.of(EXPECTED);
        }
        if (fields.length == 7 && !YEAR.matcher(fields[6]).matches()) {
            return Optional.of("bad cron expression: the year field '" + fields[6] + "' is not a year, range or list");
        }
        String sixFields = fields.length == 5 ? "0 " + cron.trim() : String.join(" ", java.util.Arrays.copyOf(fields, 6));
        try {
            CronExpression.parse(sixFields);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("bad cron expression: " + reason(e.getMessage()));
        }
    }

    /** Spring's reason without the expression it quotes, which has a seconds field the user did not write. */
    private static String reason(String message) {
        int quoted = message.indexOf(" in cron expression");
        return quoted > 0 ? message.substring(0, quoted) : message;
    }
}
